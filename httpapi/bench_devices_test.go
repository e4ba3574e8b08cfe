package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func BenchmarkGetDevice(b *testing.B) {
	benchGetDevice(b, harnessOptions{discardLog: true, adminToken: adminToken})
}

// BenchmarkGetDeviceJournal is the cost of the request journal: the same
// request with it off and on, side by side.
func BenchmarkGetDeviceJournal(b *testing.B) {
	b.Run("off", func(b *testing.B) { benchGetDevice(b, harnessOptions{discardLog: true, adminToken: adminToken}) })
	b.Run("on", func(b *testing.B) {
		benchGetDevice(b, harnessOptions{discardLog: true, adminToken: adminToken, journal: journal.New(1000, 0)})
	})
}

// BenchmarkGetDeviceMetrics is the cost of metrics: the same request with
// them off and on, side by side.
func BenchmarkGetDeviceMetrics(b *testing.B) {
	b.Run("off", func(b *testing.B) { benchGetDevice(b, harnessOptions{discardLog: true, adminToken: adminToken}) })
	b.Run("on", func(b *testing.B) {
		benchGetDevice(b, harnessOptions{discardLog: true, adminToken: adminToken, metrics: true})
	})
}

// BenchmarkGetDeviceLog is the cost of the access log: none, then the
// text and JSON lines serve writes (to io.Discard), side by side.
func BenchmarkGetDeviceLog(b *testing.B) {
	for _, format := range []string{"none", "text", "json"} {
		b.Run(format, func(b *testing.B) {
			benchGetDevice(b, harnessOptions{discardLog: true, logFormat: format, adminToken: adminToken})
		})
	}
}

func benchGetDevice(b *testing.B, opts harnessOptions) {
	h := newHarness(b, sqltest.Backends()[0], opts)
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
