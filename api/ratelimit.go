package api

import (
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/time/rate"
)

// tenantLimiter is a token bucket per tenant, so that one tenant's flood
// never throttles another.
type tenantLimiter struct {
	rate  rate.Limit
	burst int

	mu      sync.Mutex
	buckets map[uuid.UUID]*rate.Limiter
}

// newTenantLimiter allows perSecond requests a second per tenant, with
// bursts of as many; perSecond <= 0 means no limit (a nil limiter).
func newTenantLimiter(perSecond float64) *tenantLimiter {
	if perSecond <= 0 {
		return nil
	}
	return &tenantLimiter{
		rate:    rate.Limit(perSecond),
		burst:   max(1, int(perSecond)),
		buckets: make(map[uuid.UUID]*rate.Limiter),
	}
}

// admit takes a token from the tenant's bucket, or returns *rateLimited
// with the time until one is there.
func (l *tenantLimiter) admit(tenant uuid.UUID, now time.Time) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	b := l.buckets[tenant]
	if b == nil {
		b = rate.NewLimiter(l.rate, l.burst)
		l.buckets[tenant] = b
	}
	l.mu.Unlock()
	if b.AllowN(now, 1) {
		return nil
	}
	missing := 1 - b.TokensAt(now)
	return &rateLimited{retryAfter: time.Duration(missing / float64(l.rate) * float64(time.Second))}
}
