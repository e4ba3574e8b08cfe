package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestControlServerReset: a reset leaves the server as on its first start:
// one new default tenant (with the demo data when asked), no other tenant
// or partner, no token issued before accepted, and the journal, the fault
// rules and the agents' clock started over.
func TestControlServerReset(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken, journal: journal.New(100, 0), faults: &faults.Options{}})
		lab := h.newTenant("Lab")
		labTok := h.token(lab)
		h.newPartner("MSP")
		h.do(http.MethodGet, "/users/v2", labTok, nil).want(200)
		h.do(http.MethodPost, "/control/v1/faults", adminToken, map[string]any{"path": "/zones/v2", "status": 503}).want(200)
		h.do(http.MethodPost, "/control/v1/clock", adminToken, map[string]any{"advance_seconds": 3600}).want(200)

		h.do(http.MethodPost, "/control/v1/reset", labTok, nil).want(401)
		h.do(http.MethodPost, "/control/v1/reset", adminToken, `{"demo": "yes"}`).want(400)
		creds := h.do(http.MethodPost, "/control/v1/reset", adminToken, map[string]any{"demo": true}).want(200).json()

		h.do(http.MethodGet, "/users/v2", labTok, nil).want(401)
		tenants := h.do(http.MethodGet, "/control/v1/tenants", adminToken, nil).want(200).array()
		if len(tenants) != 1 || typed.As[map[string]any](t, tenants[0])["name"] != "default" ||
			typed.As[map[string]any](t, tenants[0])["tenant_id"] != creds["tenant_id"] {
			t.Fatalf("after a reset the tenants are %v, want the new default one", tenants)
		}
		def := tenant{id: uuid.MustParse(typed.As[string](t, creds["tenant_id"])), app: &wolfden.Application{
			ID: uuid.MustParse(typed.As[string](t, creds["app_id"])), Secret: typed.As[string](t, creds["app_secret"])}}
		tok := h.token(def)
		if n := h.do(http.MethodGet, "/devices/v2", tok, nil).want(200).json()["total_number_of_items"]; n != float64(seed.Demo.Devices) {
			t.Errorf("the new default tenant has %v devices, want the demo's %d", n, seed.Demo.Devices)
		}
		h.do(http.MethodGet, "/zones/v2", tok, nil).want(200) // the 503 rule is gone
		if rules := h.do(http.MethodGet, "/control/v1/faults", adminToken, nil).want(200).array(); len(rules) != 0 {
			t.Errorf("fault rules after a reset: %v", rules)
		}
		if c := h.do(http.MethodGet, "/control/v1/clock", adminToken, nil).want(200).json(); c["offset_seconds"] != 0.0 {
			t.Errorf("the agents' clock after a reset: %v", c)
		}
		entries := typed.As[[]any](t, h.do(http.MethodGet, "/control/v1/journal?path=/users/v2&status=200", adminToken, nil).want(200).json()["entries"])
		if len(entries) != 0 {
			t.Errorf("the journal holds %d requests from before the reset", len(entries))
		}
	})
}
