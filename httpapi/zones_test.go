package httpapi_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

const defaultPolicy = "00000000-0000-0000-0000-000000000000"

var dotNetUTC = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$`)

func (h *harness) createZone(tok, name string) string {
	h.t.Helper()
	return h.do(http.MethodPost, "/zones/v2", tok, map[string]string{
		"name": name, "policy_id": defaultPolicy, "criticality": "High"}).want(200).field("id")
}

func TestZoneLifecycle(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))

		created := h.do(http.MethodPost, "/zones/v2", tok, map[string]string{
			"name": "Finance Laptops", "policy_id": defaultPolicy, "criticality": "high"}).want(200).json()
		if len(created) != 5 || created["name"] != "Finance Laptops" || created["policy_id"] != defaultPolicy ||
			created["criticality"] != "High" || !dotNetUTC.MatchString(typed.As[string](t, created["date_created"])) {
			t.Fatalf("create response %v", created)
		}
		id := typed.As[string](t, created["id"])

		for _, key := range []string{id, strings.ToUpper(strings.ReplaceAll(id, "-", ""))} {
			got := h.do(http.MethodGet, "/zones/v2/"+key, tok, nil).want(200).json()
			want := map[string]any{"id": id, "name": "Finance Laptops", "policy_id": defaultPolicy,
				"criticality": "High", "update_type": "Production", "zone_rule_id": nil}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s = %#v, want %#v", k, got[k], v)
				}
			}
			for _, k := range []string{"date_created", "date_modified"} {
				if !isoSeconds.MatchString(typed.As[string](t, got[k])) {
					t.Errorf("%s = %v, want YYYY-MM-DDTHH:MM:SS", k, got[k])
				}
			}
		}

		h.createZone(tok, "Servers")
		list := h.do(http.MethodGet, "/zones/v2?page_size=1", tok, nil).want(200).json()
		if list["total_number_of_items"] != 2.0 || list["total_pages"] != 2.0 ||
			typed.As[map[string]any](t, typed.As[[]any](t, list["page_items"])[0])["name"] != "Finance Laptops" {
			t.Errorf("list %v", list)
		}

		// Clients send all three members; the answer is 200 with no body.
		res := h.do(http.MethodPut, "/zones/v2/"+id, tok, map[string]string{
			"name": "Finance", "policy_id": defaultPolicy, "criticality": "Normal"}).want(200)
		if len(res.body) != 0 {
			t.Errorf("PUT body %q, want empty", res.body)
		}
		if got := h.do(http.MethodGet, "/zones/v2/"+id, tok, nil).json(); got["name"] != "Finance" || got["criticality"] != "Normal" {
			t.Errorf("after PUT: %v", got)
		}

		h.do(http.MethodPost, "/zones/v2", tok, map[string]string{"name": "SERVERS", "policy_id": defaultPolicy, "criticality": "Low"}).want(409)
		h.do(http.MethodPut, "/zones/v2/"+id, tok, map[string]string{"name": "servers"}).want(409)
		h.do(http.MethodPost, "/zones/v2", tok, map[string]string{"name": "X", "policy_id": uuid.NewString(), "criticality": "Low"}).want(404)
		h.do(http.MethodPut, "/zones/v2/"+id, tok, map[string]string{"policy_id": uuid.NewString()}).want(404)
		h.do(http.MethodPut, "/zones/v2/"+uuid.NewString(), tok, map[string]string{"name": "Y"}).want(404)
		h.do(http.MethodGet, "/zones/v2/not-a-zone", tok, nil).want(404)
		if got := h.do(http.MethodGet, "/zones/v2/"+id, tok, nil).json(); got["name"] != "Finance" {
			t.Errorf("refused updates changed the zone: %v", got)
		}

		if res := h.do(http.MethodDelete, "/zones/v2/"+id, tok, nil).want(200); len(res.body) != 0 {
			t.Errorf("DELETE body %q, want empty", res.body)
		}
		h.do(http.MethodGet, "/zones/v2/"+id, tok, nil).want(404)
		h.do(http.MethodDelete, "/zones/v2/"+id, tok, nil).want(404)
		h.do(http.MethodGet, "/zones/v2/"+id+"/devices", tok, nil).want(404)
	})
}

func TestCreateZoneValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		for _, tt := range []struct{ name, body, field string }{
			{"missing name", `{"policy_id": "` + defaultPolicy + `", "criticality": "Low"}`, "name"},
			{"blank name", `{"name": "  ", "policy_id": "` + defaultPolicy + `", "criticality": "Low"}`, "name"},
			{"long name", `{"name": "` + strings.Repeat("z", 256) + `", "policy_id": "` + defaultPolicy + `", "criticality": "Low"}`, "name"},
			{"missing policy", `{"name": "Z", "criticality": "Low"}`, "policy_id"},
			{"malformed policy", `{"name": "Z", "policy_id": "default", "criticality": "Low"}`, "policy_id"},
			{"missing criticality", `{"name": "Z", "policy_id": "` + defaultPolicy + `"}`, "criticality"},
			{"bad criticality", `{"name": "Z", "policy_id": "` + defaultPolicy + `", "criticality": "Severe"}`, "criticality"},
			{"name of wrong type", `{"name": 3, "policy_id": "` + defaultPolicy + `", "criticality": "Low"}`, "name"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/zones/v2", tok, tt.body).want(400)
				if got := res.field("field"); got != tt.field {
					t.Errorf("field = %q, want %q; body %s", got, tt.field, res.body)
				}
			})
		}
		if n := h.do(http.MethodGet, "/zones/v2", tok, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("refused creates stored %v zones", n)
		}
	})
}

func TestZonesAreIsolatedByTenant(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tokA, tokB := h.token(h.newTenant("A")), h.token(h.newTenant("B"))
		id := h.createZone(tokA, "Mine")
		h.do(http.MethodGet, "/zones/v2/"+id, tokB, nil).want(404)
		h.do(http.MethodPut, "/zones/v2/"+id, tokB, map[string]string{"name": "stolen"}).want(404)
		h.do(http.MethodDelete, "/zones/v2/"+id, tokB, nil).want(404)
		// Nor can B give its users a role in A's zone.
		h.do(http.MethodPost, "/users/v2", tokB, map[string]any{"email": "b@example.org", "user_role": roleUser,
			"zones": []any{map[string]string{"id": id, "role_type": zoneRoleMgr}}}).want(400)
		if got := h.do(http.MethodGet, "/zones/v2/"+id, tokA, nil).want(200).json(); got["name"] != "Mine" {
			t.Errorf("A's zone after B's attempts: %v", got)
		}
		h.createZone(tokB, "Mine") // names are unique per tenant only
	})
}

func TestZoneRoutesNeedTheirScope(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		id := h.createZone(h.token(a), "Z")
		for _, rt := range []struct {
			method, path string
			scope        wolfden.Scope
			body         any
		}{
			{"POST", "/zones/v2", wolfden.ScopeZoneCreate, map[string]string{"name": "Y", "policy_id": defaultPolicy, "criticality": "Low"}},
			{"GET", "/zones/v2", wolfden.ScopeZoneList, nil},
			{"GET", "/zones/v2/" + id, wolfden.ScopeZoneRead, nil},
			{"PUT", "/zones/v2/" + id, wolfden.ScopeZoneUpdate, map[string]string{"criticality": "Low"}},
			{"DELETE", "/zones/v2/" + id, wolfden.ScopeZoneDelete, nil},
		} {
			t.Run(rt.method+" "+rt.path, func(t *testing.T) {
				h.sub(t).wantScope(a, rt.method, rt.path, rt.scope, rt.body)
			})
		}
	})
}

// Users' zone roles refer to real zones: a User who manages one shows as a
// Zone Manager, and deleting the zone removes the role, not the user.
func TestZoneManagers(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		zone := h.createZone(tok, "Finance Laptops")
		user := h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "zm@example.org", "user_role": roleUser,
			"zones": []any{map[string]string{"id": strings.ToUpper(zone), "role_type": zoneRoleMgr}}}).want(200).json()
		zones := typed.As[[]any](t, user["zones"])
		if user["role_type"] != roleZoneMgr || user["role_name"] != "Zone Manager" || len(zones) != 1 {
			t.Fatalf("zone manager: %v", user)
		}
		z := typed.As[map[string]any](t, zones[0])
		if z["id"] != zone || z["name"] != "Finance Laptops" || z["role_type"] != zoneRoleMgr || z["role_name"] != "Zone Manager" {
			t.Errorf("zone role %v", z)
		}
		h.do(http.MethodDelete, "/zones/v2/"+zone, tok, nil).want(200)
		after := h.do(http.MethodGet, "/users/v2/zm@example.org", tok, nil).want(200).json()
		if after["role_type"] != roleUser || len(typed.As[[]any](t, after["zones"])) != 0 {
			t.Errorf("after the zone's deletion: %v", after)
		}
	})
}
