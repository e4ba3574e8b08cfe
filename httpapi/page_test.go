package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// Every paged list, found by asking each GET route of the router for a
// page, refuses a page number past 2^31-1 (where offsets once overflowed:
// PostgreSQL refused a negative OFFSET with a 500, SQLite served page 1
// under the huge number, so a pager never stopped) and answers the last
// page number it accepts with an empty page.
func TestEveryListBoundsItsPageNumber(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "fin-lt-0042"})
		sha := strings.Repeat("3F1A9C0B", 8)
		h.reportThreat(a, device, map[string]any{"sha256": sha, "file_path": `C:\x.exe`})
		zone := h.createZone(tok, "Servers")
		params := strings.NewReplacer("{device}", device, "{zone}", zone, "{sha256}", sha)

		lists := 0
		for _, route := range typed.As[*httpapi.Server](t, h.server).Routes() {
			if route.Method != http.MethodGet || strings.HasPrefix(route.Pattern, "/public/") ||
				strings.HasPrefix(route.Pattern, "/control/") {
				continue
			}
			path := params.Replace(route.Pattern)
			if strings.Contains(path, "{") {
				continue // an object's route, not a list's
			}
			sep := "?"
			if route.Pattern == "/globallists/v2" {
				sep = "?listTypeId=0&" // a required parameter
			}
			probe := h.do(http.MethodGet, path+sep+"page=1&page_size=1", tok, nil)
			if probe.status != http.StatusOK || !strings.HasPrefix(string(probe.body), "{") {
				continue
			}
			if _, paged := probe.json()["page_number"]; !paged {
				continue
			}
			lists++
			t.Run(route.Pattern, func(t *testing.T) {
				h := h.sub(t)
				for _, page := range []string{"2147483648", "46116860184273881", "9223372036854775807"} {
					if f := h.do(http.MethodGet, path+sep+"page="+page+"&page_size=200", tok, nil).want(400).field("field"); f != "page" {
						t.Errorf("page=%s: field %q, want page", page, f)
					}
				}
				last := h.do(http.MethodGet, path+sep+"page=2147483647&page_size=200", tok, nil).want(200).json()
				if last["page_number"] != float64(2147483647) || len(typed.As[[]any](t, last["page_items"])) != 0 {
					t.Errorf("page 2147483647: page_number %v with %d items, want an empty page",
						last["page_number"], len(typed.As[[]any](t, last["page_items"])))
				}
			})
		}
		if lists < 23 {
			t.Errorf("found %d paged lists, want the 23 the API has", lists)
		}
	})
}
