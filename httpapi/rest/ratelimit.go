package rest

import (
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"

	"github.com/wolfden/wolfden/metrics"
)

// AccountLimiter is a token bucket per tenant and per partner (each keyed
// by its id), so that one account's flood never throttles another.
type AccountLimiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[uuid.UUID]*rate.Limiter
}

// NewAccountLimiter allows perSecond requests a second per account, with
// bursts of as many; perSecond <= 0 means no limit (a nil limiter).
func NewAccountLimiter(perSecond float64) *AccountLimiter {
	if perSecond <= 0 {
		return nil
	}
	return &AccountLimiter{
		rate:    rate.Limit(perSecond),
		burst:   max(1, int(perSecond)),
		buckets: make(map[uuid.UUID]*rate.Limiter),
	}
}

// Admit takes a token from the account's bucket, or returns *RateLimited
// with the time until one is there.
func (l *AccountLimiter) Admit(account uuid.UUID, now time.Time) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	b := l.buckets[account]
	if b == nil {
		b = rate.NewLimiter(l.rate, l.burst)
		l.buckets[account] = b
	}
	l.mu.Unlock()
	if b.AllowN(now, 1) {
		return nil
	}
	missing := 1 - b.TokensAt(now)
	return &RateLimited{What: "requests for this account", RetryAfter: time.Duration(missing / float64(l.rate) * float64(time.Second)),
		Limiter: metrics.LimitAccount}
}
