package metrics_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/metrics"
)

// scrape returns the exposition m serves.
func scrape(t *testing.T, m *metrics.Metrics) string {
	t.Helper()
	rec := httptest.NewRecorder()
	m.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	b, _ := io.ReadAll(rec.Body)
	return string(b)
}

// TestNilIsOff: every method of a nil *Metrics does nothing.
func TestNilIsOff(t *testing.T) {
	var m *metrics.Metrics
	m.Request("/devices/v2", http.MethodGet, 200, time.Millisecond)
	m.RateLimited(metrics.LimitAccount)
	m.TokenExchange(metrics.ExchangeTenant, true)
	m.InternalError("", metrics.CausePanic)
	m.CommitBatch(3)
	m.WorkerRun(metrics.TaskTokenIDs, 1, 0)
}

// TestRegistriesApart: two servers' metrics in one process neither
// collide nor share counts.
func TestRegistriesApart(t *testing.T) {
	a, b := metrics.New(), metrics.New()
	a.Request("/devices/v2", http.MethodGet, 200, time.Millisecond)
	const line = `wolfden_http_requests_total{method="GET",route="/devices/v2",status="200"} 1`
	if !strings.Contains(scrape(t, a), line) {
		t.Errorf("a lacks %s", line)
	}
	if strings.Contains(scrape(t, b), "wolfden_http_requests_total{") {
		t.Error("b counts a's request")
	}
}

// TestLabelsBounded: labels a client chooses are folded into bounded
// values: any method outside HTTP's, and no route.
func TestLabelsBounded(t *testing.T) {
	m := metrics.New()
	m.Request("", "BREW", 501, time.Millisecond)
	m.InternalError("", metrics.CauseError)
	text := scrape(t, m)
	for _, want := range []string{
		`wolfden_http_requests_total{method="other",route="none",status="501"} 1`,
		`wolfden_internal_errors_total{cause="error",route="none"} 1`,
		`wolfden_rate_limited_total{limiter="auth_failures"} 0`,
		`wolfden_worker_runs_total{task="token_id_purge"} 0`,
	} {
		if !strings.Contains(text, want) {
			t.Errorf("no %s", want)
		}
	}
	if strings.Contains(text, "BREW") {
		t.Error("a client's method became a label")
	}
}
