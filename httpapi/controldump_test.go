package httpapi_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestControlTenantExportImport: a tenant exported from one server and
// imported into another gives the same answer to every list route, and its
// credentials work there.
func TestControlTenantExportImport(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		from := newHarness(t, b, harnessOptions{adminToken: adminToken})
		to := newHarness(t, b, harnessOptions{adminToken: adminToken})
		to.clock.now = from.clock.now // the same day counts on both
		lab := from.newTenant("Lab")
		from.do(http.MethodPost, "/control/v1/tenants/"+lab.id.String()+"/seed", adminToken,
			map[string]any{"devices": 12, "threats": 4, "memory_events": 5, "detections": 6, "seed": 3}).want(200)
		tok := from.token(lab)
		from.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "jo@example.org", "first_name": "Jo", "last_name": "R",
			"user_role": "00000000-0000-0000-0000-000000000001"}).want(200)

		h := from.do(http.MethodGet, "/control/v1/tenants/"+lab.id.String()+"/export", tok, nil)
		h.want(401)
		dump := from.do(http.MethodGet, "/control/v1/tenants/"+lab.id.String()+"/export", adminToken, nil).want(200).body
		imported := to.do(http.MethodPost, "/control/v1/tenants/import", adminToken, string(dump)).want(200).json()
		if imported["tenant_id"] != lab.id.String() || imported["name"] != "Lab" {
			t.Fatalf("import answered %v", imported)
		}
		to.do(http.MethodPost, "/control/v1/tenants/import", adminToken, string(dump)).want(409)

		var doc map[string]any
		if err := json.Unmarshal(dump, &doc); err != nil {
			t.Fatal(err)
		}
		doc["schema_version"] = typed.As[float64](t, doc["schema_version"]) - 1
		if got := to.do(http.MethodPost, "/control/v1/tenants/import", adminToken, doc).want(400).field("field"); got != "schema_version" {
			t.Errorf("a dump of another version: field %q", got)
		}

		toTok := to.token(lab) // the exported credentials work
		lists := 0
		for _, r := range from.server.(*httpapi.Server).Routes() {
			if r.Method != http.MethodGet || strings.Contains(r.Pattern, "{") || !strings.HasSuffix(r.Pattern, "/v2") && !strings.Contains(r.Pattern, "/v2/") ||
				strings.HasPrefix(r.Pattern, "/public") || strings.HasSuffix(r.Pattern, "/installer") || strings.HasSuffix(r.Pattern, "/default") {
				continue
			}
			path := r.Pattern + map[string]string{"/globallists/v2": "?listTypeId=0"}[r.Pattern]
			a, b := from.do(http.MethodGet, path, tok, nil), to.do(http.MethodGet, path, toTok, nil)
			if a.status != http.StatusOK {
				t.Errorf("GET %s: %d %.300s", path, a.status, a.body)
			}
			if a.status != b.status || !bytes.Equal(a.body, b.body) {
				t.Errorf("GET %s: exported %d %.300s; imported %d %.300s", r.Pattern, a.status, a.body, b.status, b.body)
			}
			lists++
		}
		t.Logf("%d list routes answer the same", lists)
		if lists < 15 {
			t.Errorf("compared %d list routes, want every one", lists)
		}
	})
}
