package httpapi

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// The error log's limits: per message, bursts of logBurst warnings and
// errors, then logRate a second.
const (
	logBurst = 10
	logRate  = 1
	// maxLogMessages bounds the messages counted apart; messages past it
	// (the standard library's formatted lines, say) share one count.
	maxLogMessages = 256
)

// LimitLog wraps next so that a flood of failures (authentication,
// requests, connections) cannot write log lines without bound: records
// below slog.LevelWarn pass as they are; warnings and errors pass at
// logBurst at once and logRate a second per message, the rest are
// dropped, and the next record of a message let through carries
// suppressed=N, the number dropped before it.
func LimitLog(next slog.Handler) slog.Handler {
	return &limitedLog{next: next, counts: &logCounts{byMessage: make(map[string]*logCount)}}
}

type limitedLog struct {
	next   slog.Handler
	counts *logCounts // shared by the handlers WithAttrs and WithGroup derive
}

type logCounts struct {
	mu        sync.Mutex
	byMessage map[string]*logCount
	overflow  logCount
}

type logCount struct {
	limiter    *rate.Limiter
	suppressed int
}

// admit tells whether a record of message at t passes, and how many were
// dropped since the last that did.
func (c *logCounts) admit(message string, t time.Time) (suppressed int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	count := c.byMessage[message]
	if count == nil {
		count = &c.overflow
		if len(c.byMessage) < maxLogMessages {
			count = &logCount{}
			c.byMessage[message] = count
		}
	}
	if count.limiter == nil {
		count.limiter = rate.NewLimiter(logRate, logBurst)
	}
	if !count.limiter.AllowN(t, 1) {
		count.suppressed++
		return 0, false
	}
	suppressed, count.suppressed = count.suppressed, 0
	return suppressed, true
}

func (h *limitedLog) Enabled(ctx context.Context, level slog.Level) bool {
	return h.next.Enabled(ctx, level)
}

func (h *limitedLog) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		return h.next.Handle(ctx, r)
	}
	suppressed, ok := h.counts.admit(r.Message, r.Time)
	if !ok {
		return nil
	}
	if suppressed > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed", suppressed))
	}
	return h.next.Handle(ctx, r)
}

func (h *limitedLog) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &limitedLog{next: h.next.WithAttrs(attrs), counts: h.counts}
}

func (h *limitedLog) WithGroup(name string) slog.Handler {
	return &limitedLog{next: h.next.WithGroup(name), counts: h.counts}
}
