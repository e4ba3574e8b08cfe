package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestMemoryProtection(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "fin-lt-0042", "agent_version": "3.1.1001"})
		other := h.register(a, map[string]any{"host_name": "srv-01"})
		report := func(device string, body any) *response {
			return h.do(http.MethodPost, "/control/v1/tenants/"+a.id.String()+"/devices/"+device+"/memoryevents", adminToken, body)
		}
		sha := strings.Repeat("c0ffee00", 8)
		event := report(device, map[string]any{"violation_type": "lsassread", "action": "Block",
			"image_name": `C:\Windows\Temp\dumper.exe`, "process_id": 7312, "file_hash_id": sha,
			"username": `CORP\jrivera`, "created": "2024-04-30T16:25:41Z"}).want(200).json()
		report(other, map[string]any{"violation_type": 1, "action": 3, "image_name": "/usr/bin/x", "created": "2024-05-01T00:00:00Z"}).want(200)
		id := typed.As[string](t, event["device_image_file_event_id"])

		got := h.do(http.MethodGet, "/memoryprotection/v2/"+id, tok, nil).want(200).json()
		for k, v := range map[string]any{"device_id": device, "created": "2024-04-30T16:25:41", "action": 2.0,
			"violation_type": 12.0, "image_name": `C:\Windows\Temp\dumper.exe`, "process_id": 7312.0,
			"file_hash_id": strings.ToUpper(sha), "dll_version": "3.1.1001", "username": `CORP\jrivera`, "user_name": `CORP\jrivera`} {
			if got[k] != v {
				t.Errorf("%s = %#v, want %#v", k, got[k], v)
			}
		}
		list := h.do(http.MethodGet, "/memoryprotection/v2?page_size=200", tok, nil).want(200).json()
		if list["total_number_of_items"] != 2.0 || typed.As[map[string]any](t, typed.As[[]any](t, list["page_items"])[0])["device_id"] != other {
			t.Errorf("list (newest first) %v", list)
		}
		for q, n := range map[string]float64{
			"?device_id=" + strings.ToUpper(strings.ReplaceAll(device, "-", "")):     1,
			"?start_time=2024-04-30T00:00:00.000Z&end_time=2024-04-30T23:59:59.000Z": 1,
			"?start_time=2024-05-02T00:00:00":                                        0,
		} {
			if got := h.do(http.MethodGet, "/memoryprotection/v2"+q, tok, nil).want(200).json()["total_number_of_items"]; got != n {
				t.Errorf("%s: %v events, want %v", q, got, n)
			}
		}
		h.do(http.MethodGet, "/memoryprotection/v2?device_id=nope", tok, nil).want(400)
		h.do(http.MethodGet, "/memoryprotection/v2?end_time=2024-05-02T00:00:00", tok, nil).want(400)
		h.do(http.MethodGet, "/memoryprotection/v2/"+uuid.NewString(), tok, nil).want(404)

		for _, tt := range []struct {
			body  string
			field string
		}{
			{`{"image_name": "x"}`, "violation_type"},
			{`{"violation_type": 14, "image_name": "x"}`, "violation_type"},
			{`{"violation_type": "stackpivot", "action": 9, "image_name": "x"}`, "action"},
			{`{"violation_type": "stackpivot"}`, "image_name"},
			{`{"violation_type": 1, "image_name": "x", "file_hash_id": "abc"}`, "file_hash_id"},
		} {
			if got := report(device, tt.body).want(400).field("field"); got != tt.field {
				t.Errorf("%s: field %q, want %q", tt.body, got, tt.field)
			}
		}
		report(uuid.NewString(), map[string]any{"violation_type": 1, "image_name": "x"}).want(404)

		h.wantScope(a, http.MethodGet, "/memoryprotection/v2", wolfden.ScopeMemoryProtectionList, nil)
		h.wantScope(a, http.MethodGet, "/memoryprotection/v2/"+id, wolfden.ScopeMemoryProtectionRead, nil)
		tokB := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/memoryprotection/v2/"+id, tokB, nil).want(404)
		if n := h.do(http.MethodGet, "/memoryprotection/v2", tokB, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("tenant B lists %v events", n)
		}
	})
}
