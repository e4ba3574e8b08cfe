package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// A stray "?" before a parameter reads as "&": Rapid7's InsightConnect
// plugin pages with "?page=1?page_size=20", which the vendor serves.
func TestStrayQuestionMarkStartsAParameter(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		for _, name := range []string{"Alpha", "Beta", "Gamma"} {
			h.createZone(tok, name)
		}
		for _, tt := range []struct {
			query          string
			number, size   float64
			items          int
			nameOfFirstOne string
		}{
			{"?page=1?page_size=2", 1, 2, 2, "Alpha"},
			{"?page=2?page_size=2", 2, 2, 1, "Gamma"},
			{"?page_size=1?page=3", 3, 1, 1, "Gamma"},
		} {
			page := h.do(http.MethodGet, "/zones/v2"+tt.query, tok, nil).want(200).json()
			items := typed.As[[]any](t, page["page_items"])
			if page["page_number"] != tt.number || page["page_size"] != tt.size || len(items) != tt.items ||
				typed.As[map[string]any](t, items[0])["name"] != tt.nameOfFirstOne {
				t.Errorf("%s: page %v of size %v with %d items, first %v", tt.query, page["page_number"],
					page["page_size"], len(items), typed.As[map[string]any](t, items[0])["name"])
			}
		}
		// A "?" that does not start a parameter stays in its value.
		h.do(http.MethodGet, "/zones/v2?page=1?", tok, nil).want(400)
	})
}

// Text no field may hold — bytes that are not UTF-8, NUL and the other C0
// controls but tab, line feed and carriage return — is refused the same
// way on both backends: in a path, 404 like any malformed URL; in a query
// parameter or a JSON string, 400 naming it. Nothing is stored, nothing
// panics, and the server goes on.
func TestTextNoFieldMayHold(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		for _, tt := range []struct {
			method, path, token string
			body                any
			status              int
			field               string
		}{
			{"GET", "/x/%FF", "", nil, 404, ""},
			{"GET", "/control/v1/%FF", adminToken, nil, 404, ""},
			{"GET", "/samples/%FF/x.zip", "", nil, 404, ""},
			{"GET", "/devices/v2/hostname/%FF", tok, nil, 404, ""},
			{"GET", "/devices/v2/hostname/%00", tok, nil, 404, ""},
			{"GET", "/devices/v2/hostname/a%01b", tok, nil, 404, ""},
			{"GET", "/detections/v2/severity?device=%FF", tok, nil, 400, "device"},
			{"GET", "/devices/v2?page=%FF", tok, nil, 400, "page"},
			{"GET", "/detections/v2?device=a%00b", tok, nil, 400, "device"},
			{"GET", "/rules/v2?q=%07", tok, nil, 400, "q"},
			{"GET", "/zones/v2?%FF=1", tok, nil, 400, "\uFFFD"},
			{"POST", "/zones/v2", tok, `{"name": "a\u0000b", "policy_id": "` + defaultPolicy + `", "criticality": "Low"}`, 400, "name"},
			{"POST", "/zones/v2", tok, `{"name": "a\u001Fb", "policy_id": "` + defaultPolicy + `", "criticality": "Low"}`, 400, "name"},
			{"POST", "/users/v2", tok, `{"email": "x@example.org", "first_name": "X", "last_name": "Y\u0000",
				"user_role": "00000000-0000-0000-0000-000000000001"}`, 400, "last_name"},
			{"POST", "/users/v2", tok, `{"email": "x@example.org", "zones": [{"id": "z", "role_type": "\u0000"}]}`, 400, "zones[0].role_type"},
			{"POST", "/zones/v2", tok, `{"na\u0000me": "x"}`, 400, "na\u0000me"},
		} {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				res := h.sub(t).do(tt.method, tt.path, tt.token, tt.body).want(tt.status)
				if tt.field != "" {
					if got := res.field("field"); got != tt.field {
						t.Errorf("field %q, want %q: %s", got, tt.field, res.body)
					}
				}
			})
		}
		if n := h.do(http.MethodGet, "/zones/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("%v zones stored from refused requests", n)
		}
		// Tabs and line breaks are text.
		h.do(http.MethodPost, "/zones/v2", tok, `{"name": "Tab\there", "policy_id": "`+defaultPolicy+`", "criticality": "Low"}`).want(200)
		if strings.Contains(h.log.String(), "panic") {
			t.Errorf("the server panicked:\n%s", h.log.String())
		}
	})
}
