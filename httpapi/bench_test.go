package httpapi_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// The benchmarks drive the handler in-process (no sockets) so they measure
// wolfden's own cost per request: routing, authentication, storage, JSON.
//
//	go test ./api -run '^$' -bench . -benchmem

func benchHarness(b *testing.B) (*harness, tenant, string) {
	h := newHarness(b, sqltest.Backends()[0], harnessOptions{discardLog: true})
	a := h.newTenant("A")
	return h, a, h.token(a)
}

func serve(b *testing.B, h *harness, req func() *http.Request) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.server.ServeHTTP(rec, req())
		if rec.Code != 200 {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

func BenchmarkGetUser(b *testing.B) {
	h, _, tok := benchHarness(b)
	id := h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "u@example.org", "user_role": roleUser}).field("id")
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/users/v2/"+id, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}

func BenchmarkListUsers200(b *testing.B) {
	h, _, tok := benchHarness(b)
	for i := range 200 {
		h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": fmt.Sprintf("u%d@example.org", i), "user_role": roleUser}).want(200)
	}
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/users/v2?page_size=200", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}

func BenchmarkCreateUser(b *testing.B) {
	h, _, tok := benchHarness(b)
	n := 0
	serve(b, h, func() *http.Request {
		n++
		r := httptest.NewRequest(http.MethodPost, "/users/v2",
			strings.NewReader(fmt.Sprintf(`{"email": "u%d@example.org", "user_role": %q}`, n, roleUser)))
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}

func BenchmarkTokenExchange(b *testing.B) {
	h, a, _ := benchHarness(b)
	serve(b, h, func() *http.Request {
		body := `{"auth_token": "` + sign(h.t, h.claims(a), a.app.Secret) + `"}`
		return httptest.NewRequest(http.MethodPost, "/auth/v2/token", strings.NewReader(body))
	})
}
