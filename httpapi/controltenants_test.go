package httpapi_test

import (
	"net/http"
	"slices"
	"testing"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestControlTenantLifecycle: the control plane lists tenants, shows one
// with its credentials, resets it (empty, or to the demo data) and deletes
// it; only with the admin token.
func TestControlTenantLifecycle(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		lab, other := h.newTenant("Lab"), h.newTenant("Other")
		labTok, otherTok := h.token(lab), h.token(other)
		h.do(http.MethodPost, "/control/v1/tenants/"+lab.id.String()+"/seed", adminToken, map[string]any{"devices": 5, "threats": 2}).want(200)
		h.do(http.MethodPost, "/control/v1/tenants/"+other.id.String()+"/seed", adminToken, map[string]any{"devices": 4}).want(200)
		count := func(tok, path string) float64 {
			t.Helper()
			return typed.As[float64](t, h.do(http.MethodGet, path, tok, nil).want(200).json()["total_number_of_items"])
		}

		for _, tt := range []struct{ method, path string }{
			{http.MethodGet, "/control/v1/tenants"},
			{http.MethodGet, "/control/v1/tenants/" + lab.id.String()},
			{http.MethodDelete, "/control/v1/tenants/" + lab.id.String()},
			{http.MethodPost, "/control/v1/tenants/" + lab.id.String() + "/reset"},
		} {
			h.do(tt.method, tt.path, labTok, nil).want(401)
		}

		var names []string
		for _, item := range h.do(http.MethodGet, "/control/v1/tenants", adminToken, nil).want(200).array() {
			names = append(names, typed.As[string](t, typed.As[map[string]any](t, item)["name"]))
		}
		if !slices.Equal(names, []string{"Lab", "Other"}) {
			t.Errorf("tenants %v, want Lab and Other by name", names)
		}

		detail := h.do(http.MethodGet, "/control/v1/tenants/"+lab.id.String(), adminToken, nil).want(200).json()
		apps := typed.As[[]any](t, detail["applications"])
		if detail["tenant_id"] != lab.id.String() || len(apps) != 1 {
			t.Fatalf("tenant detail %v", detail)
		}
		app := typed.As[map[string]any](t, apps[0])
		if app["app_id"] != lab.app.ID.String() || app["app_secret"] != lab.app.Secret {
			t.Errorf("application %v, want the tenant's credentials", app)
		}
		h.do(http.MethodGet, "/control/v1/tenants/00000000-0000-4000-8000-000000000001", adminToken, nil).want(404)
		h.do(http.MethodGet, "/control/v1/tenants/nope", adminToken, nil).want(404)

		// Reset: empty, the credentials and tokens still good.
		h.do(http.MethodPost, "/control/v1/tenants/"+lab.id.String()+"/reset", adminToken, nil).want(200)
		if n := count(labTok, "/devices/v2"); n != 0 {
			t.Errorf("%v devices after a reset", n)
		}
		if n := count(labTok, "/policies/v2"); n != 1 {
			t.Errorf("%v policies after a reset, want the Default one", n)
		}
		h.do(http.MethodPost, "/control/v1/tenants/"+lab.id.String()+"/reset", adminToken, `{"demo": "yes"}`).want(400)
		sum := h.do(http.MethodPost, "/control/v1/tenants/"+lab.id.String()+"/reset", adminToken, map[string]any{"demo": true}).want(200).json()
		if n := count(h.token(lab), "/devices/v2"); n != sum["devices"] || n == 0 {
			t.Errorf("%v devices after a reset to the demo data, which made %v", n, sum["devices"])
		}
		if n := count(otherTok, "/devices/v2"); n != 4 {
			t.Errorf("the other tenant has %v devices after Lab's resets, want 4", n)
		}

		// Delete: gone, its token refused, the other tenant untouched.
		h.do(http.MethodDelete, "/control/v1/tenants/"+lab.id.String(), adminToken, nil).want(200)
		h.do(http.MethodDelete, "/control/v1/tenants/"+lab.id.String(), adminToken, nil).want(404)
		h.do(http.MethodGet, "/devices/v2", labTok, nil).want(401)
		if n := count(otherTok, "/devices/v2"); n != 4 {
			t.Errorf("the other tenant has %v devices after Lab's deletion, want 4", n)
		}
		h.do(http.MethodPost, "/control/v1/tenants", adminToken, map[string]string{"name": "lab"}).want(200)
	})
}
