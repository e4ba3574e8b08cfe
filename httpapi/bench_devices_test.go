package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func BenchmarkGetDevice(b *testing.B) {
	h := newHarness(b, sqltest.Backends()[0], harnessOptions{discardLog: true, adminToken: adminToken})
	a := h.newTenant("A")
	tok := h.token(a)
	id := h.register(a, map[string]any{"host_name": "bench-01", "mac_addresses": []string{"00-1A-2B-3C-4D-5E"}})
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/devices/v2/"+id, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}

func BenchmarkGetPolicy(b *testing.B) {
	h, _, tok := benchHarness(b)
	id := h.do(http.MethodPost, "/policies/v2", tok, map[string]any{"user_id": uuid.NewString(),
		"policy": map[string]any{"policy_name": "bench"}}).want(201).field("policy_id")
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/policies/v2/"+id, nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}
