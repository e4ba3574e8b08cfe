package httpapi_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestRouteTable compares the routes the server answers with the
// checked-in list, testdata/routes.txt: a route added, removed or changed
// without the list fails here, so the list (and the docs written from it)
// stays the truth about what is served.
func TestRouteTable(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{adminToken: adminToken, faults: &faults.Options{}, metrics: true})
	var served []string
	for _, r := range h.server.(*httpapi.Server).Routes() {
		served = append(served, r.Method+" "+r.Pattern)
	}
	slices.Sort(served)

	text, err := os.ReadFile("testdata/routes.txt")
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for line := range strings.Lines(string(text)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			listed = append(listed, strings.Join(strings.Fields(line), " "))
		}
	}
	slices.Sort(listed)

	for _, r := range served {
		if _, found := slices.BinarySearch(listed, r); !found {
			t.Errorf("served, not in testdata/routes.txt: %s", r)
		}
	}
	for _, r := range listed {
		if _, found := slices.BinarySearch(served, r); !found {
			t.Errorf("in testdata/routes.txt, not served: %s", r)
		}
	}
	if n := len(slices.Compact(slices.Clone(listed))); n != len(listed) {
		t.Errorf("testdata/routes.txt lists %d routes more than once", len(listed)-n)
	}
}
