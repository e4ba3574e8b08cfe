package httpapi_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// eventually polls check until it holds, for at most 10 s.
func eventually(t testing.TB, what string, check func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !check(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 10 s", what)
		}
	}
}

func TestDeleteDevices(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		callbacks := make(chan map[string]any, 4)
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var body map[string]any
			json.NewDecoder(r.Body).Decode(&body)
			callbacks <- body
		}))
		defer hook.Close()
		h := newHarness(t, b, harnessOptions{adminToken: adminToken, callbackAllowlist: "127.0.0.1"})
		a := h.newTenant("A")
		tok := h.token(a)
		one := h.register(a, map[string]any{"host_name": "one", "mac_addresses": []string{"00-11-22-33-44-55"}})
		two := h.register(a, map[string]any{"host_name": "two"})
		keep := h.register(a, map[string]any{"host_name": "keep"})
		h.reportThreat(a, one, map[string]any{"sha256": strings.Repeat("ab", 32), "file_path": "/x"})

		res := h.do(http.MethodDelete, "/devices/v2", tok, map[string]any{
			"device_ids":   []string{one, "not-a-guid", strings.ToUpper(strings.ReplaceAll(two, "-", ""))},
			"callback_url": hook.URL + "/cylance",
		}).want(200)
		requestID := res.field("request_id")
		if _, ok := wolfden.ParseID(requestID); !ok {
			t.Fatalf("request_id %q", requestID)
		}
		eventually(t, "the deletion", func() bool { return h.do(http.MethodGet, "/devices/v2/"+one, tok, nil).status == 404 })
		h.do(http.MethodGet, "/devices/v2/"+two, tok, nil).want(404)
		h.do(http.MethodGet, "/devices/v2/"+keep, tok, nil).want(200)
		if n := h.do(http.MethodGet, "/devices/v2", tok, nil).json()["total_number_of_items"]; n != 1.0 {
			t.Errorf("%v devices listed after the deletion, want 1", n)
		}
		if body := h.do(http.MethodGet, "/devices/v2/macaddress/00-11-22-33-44-55", tok, nil).body; string(body) != "[]" {
			t.Errorf("by MAC after deletion: %s", body)
		}
		if n := h.do(http.MethodGet, "/threats/v2", tok, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("the deleted device's threat is still listed (%v)", n)
		}
		select {
		case cb := <-callbacks:
			if cb["request_id"] != requestID || cb["status"] != "Completed" || len(typed.As[[]any](t, cb["device_ids"])) != 2 {
				t.Errorf("callback %v", cb)
			}
		case <-time.After(10 * time.Second):
			t.Fatal("no callback to an allowlisted host")
		}

		// POST /devices/v2/delete is the same operation; a callback host not
		// on the allowlist is logged, never reached.
		h.do(http.MethodPost, "/devices/v2/delete", tok, map[string]any{"device_ids": []string{keep},
			"callback_url": "https://hooks.example.org/cylance"}).want(200)
		eventually(t, "the deletion by POST", func() bool { return h.do(http.MethodGet, "/devices/v2/"+keep, tok, nil).status == 404 })
		eventually(t, "the refusal in the log", func() bool { return strings.Contains(h.log.String(), "callback not sent") })
	})
}

func TestDeleteDevicesValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "one"})
		many := make([]string, 21)
		for i := range many {
			many[i] = uuid.NewString()
		}
		for _, tt := range []struct {
			body  any
			field string
		}{
			{map[string]any{}, "device_ids"},
			{map[string]any{"device_ids": many}, "device_ids"},
			{map[string]any{"device_ids": []string{device}, "callback_url": ""}, "callback_url"},
			{map[string]any{"device_ids": []string{device}, "callback_url": "ftp://example.org/x"}, "callback_url"},
			{map[string]any{"device_ids": device}, "device_ids"},
		} {
			if got := h.do(http.MethodDelete, "/devices/v2", tok, tt.body).want(400).field("field"); got != tt.field {
				t.Errorf("%v: field %q, want %q", tt.body, got, tt.field)
			}
		}
		h.wantScope(a, http.MethodDelete, "/devices/v2", wolfden.ScopeDeviceDelete, map[string]any{"device_ids": []string{uuid.NewString()}})

		// Tenant B's request for A's device is accepted and deletes nothing.
		tokB := h.token(h.newTenant("B"))
		h.do(http.MethodDelete, "/devices/v2", tokB, map[string]any{"device_ids": []string{device}}).want(200)
		eventually(t, "every deletion completing", func() bool {
			pending, err := h.store.PendingDeviceDeletions(t.Context())
			return err == nil && len(pending) == 0
		})
		h.do(http.MethodGet, "/devices/v2/"+device, tok, nil).want(200)
	})
}
