package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/server"
	"github.com/wolfden/wolfden/sqlstore"
)

// TestNew: the assembled parts share one clock, which the control plane
// advances, and the clock runs on the configured one.
func TestNew(t *testing.T) {
	st, err := sqlstore.Open(context.Background(), sqlstore.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	s := server.New(server.Config{Store: st, Now: func() time.Time { return base },
		API: httpapi.Config{AdminToken: "server-test-admin-token"}})
	if s.Auth == nil || s.Worker == nil || !s.Clock.Now().Equal(base) {
		t.Fatalf("assembled %+v; the clock reads %s, want %s", s, s.Clock.Now(), base)
	}

	req := httptest.NewRequest(http.MethodPost, "/control/v1/clock", strings.NewReader(`{"advance_seconds": 60}`))
	req.Header.Set("Authorization", "Bearer server-test-admin-token")
	rec := httptest.NewRecorder()
	s.API.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || s.Clock.Offset() != time.Minute {
		t.Fatalf("advancing through the API: %d %s; the clock's offset is %s, want 1m", rec.Code, rec.Body, s.Clock.Offset())
	}
}

// TestNewWithMetrics: with Metrics set, the API serves them and counts
// its requests, and the store reports its group commits; without, the
// path is unknown.
func TestNewWithMetrics(t *testing.T) {
	st, err := sqlstore.Open(context.Background(), sqlstore.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	get := func(s *server.Server) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		s.API.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
		return rec
	}
	if rec := get(server.New(server.Config{Store: st})); rec.Code != http.StatusNotFound {
		t.Errorf("metrics off: GET /metrics answers %d, want 404", rec.Code)
	}

	s := server.New(server.Config{Store: st, Metrics: metrics.New()})
	tn, app, err := wolfden.NewTenant("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateTenant(context.Background(), tn, app); err != nil {
		t.Fatal(err)
	}
	get(s)
	rec := get(s)
	for _, want := range []string{
		`wolfden_http_requests_total{method="GET",route="/metrics",status="200"} 1`,
		`wolfden_sqlite_group_commit_jobs_count 1`,
		`wolfden_worker_runs_total{task="device_deletions"} 0`,
	} {
		if !strings.Contains(rec.Body.String(), want) {
			t.Errorf("GET /metrics lacks %s", want)
		}
	}
}
