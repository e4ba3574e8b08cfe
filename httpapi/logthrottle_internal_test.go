package httpapi

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func TestLimitLog(t *testing.T) {
	var buf bytes.Buffer
	h := LimitLog(slog.NewTextHandler(&buf, nil))
	ctx := context.Background()
	start := time.Unix(1_000_000_000, 0)
	emit := func(h slog.Handler, at time.Time, level slog.Level, msg string, n int) {
		for range n {
			if err := h.Handle(ctx, slog.NewRecord(at, level, msg, 0)); err != nil {
				t.Fatal(err)
			}
		}
	}
	lines := func() []string {
		defer buf.Reset()
		return strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	}

	emit(h, start, slog.LevelError, "request failed", 100)
	emit(h, start, slog.LevelWarn, "authentication failed", 100)
	emit(h, start, slog.LevelInfo, "request", 100)
	if got := len(lines()); got != 2*logBurst+100 {
		t.Errorf("%d lines, want %d: a burst of each warning and error, every info", got, 2*logBurst+100)
	}
	// A second on, one more of each passes, telling how many were dropped;
	// handlers derived by With count with the one they came from.
	emit(h.WithAttrs([]slog.Attr{slog.String("client", "10.0.0.1")}), start.Add(time.Second), slog.LevelError, "request failed", 5)
	if got := lines(); len(got) != 1 || !strings.Contains(got[0], "suppressed=90") || !strings.Contains(got[0], "client=10.0.0.1") {
		t.Errorf("a second later: %q, want one line with suppressed=90", got)
	}
	// Messages past maxLogMessages share one count.
	for i := range maxLogMessages + 100 {
		emit(h, start, slog.LevelWarn, fmt.Sprint("http: TLS handshake error from 10.0.0.", i), 1)
	}
	if got, want := len(lines()), maxLogMessages-2+logBurst; got != want {
		t.Errorf("%d lines of distinct messages, want %d", got, want)
	}
}
