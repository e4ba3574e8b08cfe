package server_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/httpapi"
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
