package api

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// Every route of the catalogue answers 501, and none of them is also
// built: a route that is built must leave the list.
func TestUnbuiltCatalogue(t *testing.T) {
	s := New(Config{})
	param := regexp.MustCompile(`\{[a-z]+\}`)
	for _, route := range unbuilt {
		method, path, _ := strings.Cut(route, " ")
		path = param.ReplaceAllString(path, "8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(method, path, nil))
		if rec.Code != http.StatusNotImplemented {
			t.Errorf("%s: status %d, want 501 (is it built? then take it off the list)", route, rec.Code)
		}
	}
}
