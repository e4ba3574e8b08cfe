package metrics_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/wolfden/wolfden/metrics"
)

func BenchmarkRequest(b *testing.B) {
	m := metrics.New()
	b.ReportAllocs()
	for b.Loop() {
		m.Request("/devices/v2/{device}", http.MethodGet, 200, time.Millisecond)
	}
}
