package api_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func BenchmarkGetRule(b *testing.B) {
	h, _, tok := benchHarness(b)
	id := h.do(http.MethodPost, "/rules/v2", tok, officeRule).want(200).field("Id")
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/rules/v2/"+id, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}
