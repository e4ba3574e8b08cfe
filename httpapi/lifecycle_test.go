package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

const day = 24 * time.Hour

func TestLifecycleSettings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		const path = "/devices/v2/inactive/settings"
		wantSettings := func(t *testing.T, got map[string]any, inactive float64, enabled bool, deletion float64) {
			t.Helper()
			if got["inactive_days"] != inactive || got["deletion_enabled"] != enabled || got["deletion_days"] != deletion {
				t.Errorf("settings %v, want inactive_days %v, deletion_enabled %v, deletion_days %v", got, inactive, enabled, deletion)
			}
		}
		wantSettings(t, h.do(http.MethodGet, path, tok, nil).want(200).json(), 30, false, 30)

		got := h.do(http.MethodPut, path, tok, map[string]any{"deletion_enabled": true, "Deletion_Days": 7}).want(200).json()
		wantSettings(t, got, 30, true, 7)
		wantSettings(t, h.do(http.MethodGet, path, tok, nil).want(200).json(), 30, true, 7)

		for _, tt := range []struct {
			name, body, field string
		}{
			{"too few days", `{"inactive_days": 6}`, "inactive_days"},
			{"too many days", `{"deletion_days": 181}`, "deletion_days"},
			{"not a number", `{"inactive_days": "30"}`, "inactive_days"},
			{"not a bool", `{"deletion_enabled": "yes"}`, "deletion_enabled"},
			{"nothing to change", `{}`, ""},
			{"not an object", `[30]`, ""},
			{"malformed", `{"inactive_days": 30`, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPut, path, tok, tt.body).want(400)
				if f, _ := res.json()["field"].(string); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		wantSettings(t, h.do(http.MethodGet, path, tok, nil).want(200).json(), 30, true, 7)

		// Each tenant has its own settings.
		wantSettings(t, h.do(http.MethodGet, path, h.token(h.newTenant("B")), nil).want(200).json(), 30, false, 30)

		h.wantScope(a, http.MethodGet, path, wolfden.ScopeDeviceManagementRead, nil)
		h.wantScope(a, http.MethodPut, path, wolfden.ScopeDeviceManagementUpdate, map[string]any{"inactive_days": 60})
	})
}

func TestLifecycleDevices(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken, sweepInterval: 10 * time.Millisecond})
		a, other := h.newTenant("A"), h.newTenant("B")
		tok := h.token(a)
		setState := func(tn tenant, id, state string) {
			h.do(http.MethodPut, "/control/v1/tenants/"+tn.id.String()+"/devices/"+id+"/state", adminToken,
				map[string]string{"state": state}).want(200)
		}
		gone, exempt, later := h.register(a, map[string]any{"host_name": "gone"}),
			h.register(a, map[string]any{"host_name": "exempt"}), h.register(a, map[string]any{"host_name": "later"})
		otherOffline := h.register(other, map[string]any{"host_name": "other"})
		lifecycle := func(id string) (status, days string) {
			d := h.do(http.MethodGet, "/devices/v2/"+id, tok, nil).want(200).json()
			return typed.As[string](t, d["dlcm_status"]), typed.As[string](t, d["days_to_deletion"])
		}
		wantLifecycle := func(id, status, days string) {
			t.Helper()
			if s, d := lifecycle(id); s != status || d != days {
				t.Errorf("device %s: dlcm_status %q, days_to_deletion %q; want %q, %q", id, s, d, status, days)
			}
		}

		setState(a, gone, "Offline")
		setState(a, exempt, "Offline")
		setState(other, otherOffline, "Offline")
		wantLifecycle(gone, "Included", "Unknown") // deletion is off
		h.do(http.MethodPut, "/devices/v2/inactive/settings", tok,
			map[string]any{"deletion_enabled": true, "inactive_days": 30, "deletion_days": 7}).want(200)
		wantLifecycle(gone, "Included", "37")
		wantLifecycle(later, "Included", "Unknown") // online

		// Exempt: both GUID forms; the answer is an empty 200.
		res := h.do(http.MethodPut, "/devices/v2/inactive/exemptedDevices", tok,
			[]string{strings.ToUpper(strings.ReplaceAll(exempt, "-", "")), later}).want(200)
		if len(res.body) != 0 {
			t.Errorf("exemptedDevices answered %s, want an empty body", res.body)
		}
		wantLifecycle(exempt, "Excluded", "Unknown")
		wantLifecycle(later, "Excluded", "Unknown")
		h.do(http.MethodPut, "/devices/v2/inactive/includedDevices", tok, []string{later}).want(200)
		wantLifecycle(later, "Included", "Unknown")

		// All or nothing: an unknown device changes none, another tenant's
		// device is unknown, and malformed lists are 400s naming the entry.
		h.do(http.MethodPut, "/devices/v2/inactive/exemptedDevices", tok, []string{gone, uuid.NewString()}).want(404)
		h.do(http.MethodPut, "/devices/v2/inactive/exemptedDevices", tok, []string{gone, otherOffline}).want(404)
		wantLifecycle(gone, "Included", "37")
		for _, tt := range []struct {
			name  string
			body  any
			field string
		}{
			{"empty", []string{}, ""},
			{"malformed id", []string{gone, "not-a-device"}, "[1]"},
			{"not strings", `[1]`, "[0]"},
			{"an object", map[string]any{"device_ids": []string{gone}}, ""},
			{"too many", make([]string, wolfden.MaxDevicesPerLifecycleChange+1), ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				for _, route := range []string{"exemptedDevices", "includedDevices", "resetInactivePeriod"} {
					res := h.sub(t).do(http.MethodPut, "/devices/v2/inactive/"+route, tok, tt.body).want(400)
					if f, _ := res.json()["field"].(string); f != tt.field {
						t.Errorf("%s: field %q, want %q: %s", route, f, tt.field, res.body)
					}
				}
			})
		}

		// Ten days on, the count is down; a reset restarts it.
		h.clock.Advance(10 * day)
		tok = h.token(a) // the old one expired
		wantLifecycle(gone, "Included", "27")
		h.do(http.MethodPut, "/devices/v2/inactive/resetInactivePeriod", tok, []string{gone}).want(200)
		wantLifecycle(gone, "Included", "37")
		h.clock.Advance(time.Hour)
		setState(a, later, "Offline")

		// Past gone's due date but not later's: only gone is removed, from
		// every list; the exempt device and the other tenant's stay.
		h.clock.Advance(37*day - 30*time.Minute)
		tok = h.token(a)
		eventually(t, "the removal", func() bool { return h.do(http.MethodGet, "/devices/v2/"+gone, tok, nil).status == 404 })
		wantLifecycle(later, "Included", "1")
		wantLifecycle(exempt, "Excluded", "Unknown")
		if body := string(h.do(http.MethodGet, "/devices/v2", tok, nil).want(200).body); strings.Contains(body, gone) {
			t.Errorf("removed device still listed: %s", body)
		}
		h.do(http.MethodGet, "/devices/v2/"+otherOffline, h.token(other), nil).want(200) // B's deletion is off

		for _, route := range []string{"exemptedDevices", "includedDevices", "resetInactivePeriod"} {
			h.wantScope(a, http.MethodPut, "/devices/v2/inactive/"+route, wolfden.ScopeDeviceManagementUpdate, []string{later})
		}
	})
}
