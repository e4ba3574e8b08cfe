package httpapi_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestControlTenantsAndSeed(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		h.do(http.MethodPost, "/control/v1/tenants", "", map[string]string{"name": "Lab"}).want(401)
		for _, body := range []string{`{}`, `{"name": "  "}`, `{"name": 3}`} {
			if got := h.do(http.MethodPost, "/control/v1/tenants", adminToken, body).want(400).field("field"); got != "name" {
				t.Errorf("%s: field %q, want name", body, got)
			}
		}
		created := h.do(http.MethodPost, "/control/v1/tenants", adminToken, map[string]string{"name": "Lab"}).want(200).json()
		h.do(http.MethodPost, "/control/v1/tenants", adminToken, map[string]string{"name": "lab"}).want(409)

		// The credentials work as those of "wolfden tenant create" do.
		lab := tenant{id: uuid.MustParse(typed.As[string](t, created["tenant_id"])), app: &wolfden.Application{
			ID: uuid.MustParse(typed.As[string](t, created["app_id"])), Secret: typed.As[string](t, created["app_secret"])}}
		tok := h.token(lab)

		path := "/control/v1/tenants/" + lab.id.String() + "/seed"
		for _, tt := range []struct{ body, field string }{
			{`{"devices": -1}`, "devices"},
			{`{"devices": 100001}`, "devices"},
			{`{"threats": 5}`, "devices"},
			{`{"devices": "many"}`, "devices"},
			{`{"devices": 5, "threats": 3, "sightings": 2}`, "sightings"},
			{`{"devices": 5, "sightings": 5}`, "sightings"},
			{`{"devices": 5, "threats": 300000}`, "sightings"}, // four per threat
			{`{"devices": 5, "threats": 1000001, "sightings": 1000001}`, "threats"},
		} {
			if got := h.do(http.MethodPost, path, adminToken, tt.body).want(400).field("field"); got != tt.field {
				t.Errorf("%s: field %q, want %q", tt.body, got, tt.field)
			}
		}
		if n := h.do(http.MethodGet, "/devices/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Fatalf("refused seeds made %v devices", n)
		}
		// threats counts the threats GET /threats/v2 lists, sightings how often they are found.
		sum := h.do(http.MethodPost, path, adminToken, map[string]any{"devices": 30, "threats": 25, "seed": 7}).want(200).json()
		if sum["devices"] != 30.0 || sum["threats"] != 25.0 || sum["sightings"] != 100.0 || typed.As[float64](t, sum["zones"]) < 1 {
			t.Errorf("seed summary %v", sum)
		}
		if n := h.do(http.MethodGet, "/threats/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 25.0 {
			t.Errorf("GET /threats/v2 lists %v threats after seeding 25", n)
		}
		h.do(http.MethodPost, path, adminToken, map[string]any{"devices": 30, "seed": 7}).want(400) // same seed again
		sum = h.do(http.MethodPost, path, adminToken, map[string]any{"devices": 20, "threats": 4, "sightings": 9, "seed": 8}).want(200).json()
		if sum["threats"] != 4.0 || sum["sightings"] != 9.0 {
			t.Errorf("seed summary %v", sum)
		}
		if n := h.do(http.MethodGet, "/threats/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 29.0 {
			t.Errorf("GET /threats/v2 lists %v threats after seeding 25 and 4", n)
		}
		if n := h.do(http.MethodGet, "/devices/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 50.0 {
			t.Errorf("%v devices after seeding 30 and 20", n)
		}
	})
}
