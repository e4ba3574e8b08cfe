package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestControlClock: advancing the agents' clock through the control plane
// completes an asynchronous flow at once, with no time passing in the
// test; the clock never runs back and only the admin token moves it.
func TestControlClock(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		f := h.newSurveyFleet("A")
		id := f.query(h, map[string]any{"artifact": "File", "match_value_type": "File.Path", "match_values": []string{"dumper.exe"}})
		if status, _ := h.results(f.tok, id); status != "pending" {
			t.Fatalf("at once: %s", status)
		}

		h.do(http.MethodPost, "/control/v1/clock", f.tok, map[string]any{"advance_seconds": 60}).want(401)
		for _, body := range []string{`{}`, `{"advance_seconds": 0}`, `{"advance_seconds": -5}`, `{"advance_seconds": 1e12}`, `{"advance_seconds": "60"}`} {
			if got := h.do(http.MethodPost, "/control/v1/clock", adminToken, body).want(400).field("field"); got != "advance_seconds" {
				t.Errorf("%s: field %q, want advance_seconds", body, got)
			}
		}
		before := h.do(http.MethodGet, "/control/v1/clock", adminToken, nil).want(200).json()
		if before["offset_seconds"] != 0.0 {
			t.Fatalf("a fresh clock: %v", before)
		}

		after := h.do(http.MethodPost, "/control/v1/clock", adminToken, map[string]any{"advance_seconds": 60}).want(200).json()
		if after["offset_seconds"] != 60.0 {
			t.Errorf("after advancing 60 s: %v", after)
		}
		from, _ := time.Parse(time.RFC3339Nano, typed.As[string](t, before["now"]))
		to, _ := time.Parse(time.RFC3339Nano, typed.As[string](t, after["now"]))
		if d := to.Sub(from); d < 60*time.Second {
			t.Errorf("the clock moved %s, want at least 60 s", d)
		}
		status, rows := h.results(f.tok, id)
		if status != "done" || len(rows) == 0 || !strings.Contains(rows[0].Result.Properties["Path"], "dumper") {
			t.Errorf("after advancing the clock the query is %s with %d rows, want done with the laptop's file", status, len(rows))
		}
	})
}
