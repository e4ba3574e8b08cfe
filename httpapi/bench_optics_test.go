package httpapi_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
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

// detectionBench is a tenant with n detections of the office rule on one
// device, and the id of the last.
func detectionBench(b *testing.B, n int) (*harness, string, string) {
	h := newHarness(b, sqltest.Backends()[0], harnessOptions{discardLog: true, adminToken: adminToken})
	a := h.newTenant("A")
	tok := h.token(a)
	rule := h.do(http.MethodPost, "/rules/v2", tok, officeRule).want(200).field("Id")
	device := h.register(a, map[string]any{"host_name": "FIN-LT-0042", "os_version": "Microsoft Windows 11 Pro"})
	var last string
	for range n {
		last = typed.As[string](b, h.raise(a, device, rule, nil, h.clock.Now()).want(200).detection()["Id"])
	}
	return h, tok, last
}

func BenchmarkGetDetection(b *testing.B) {
	h, tok, id := detectionBench(b, 1)
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/detections/v2/"+id+"/details", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}

// BenchmarkListDetections reads the first page of 20 among 500.
func BenchmarkListDetections(b *testing.B) {
	h, tok, _ := detectionBench(b, 500)
	serve(b, h, func() *http.Request {
		r := httptest.NewRequest(http.MethodGet, "/detections/v2", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		return r
	})
}
