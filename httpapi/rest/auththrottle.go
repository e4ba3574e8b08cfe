package rest

import (
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"

	"github.com/wolfden/wolfden/metrics"
)

// The defaults of the authentication throttle (Config.AuthFailureRate and
// AuthFailureBurst).
const (
	DefaultAuthFailureRate  = 1
	DefaultAuthFailureBurst = 20
)

const (
	// maxThrottledClients bounds the addresses the throttle remembers
	// (about 100 bytes each); past it, a new address takes the place of
	// another.
	maxThrottledClients = 1 << 16
	// throttleSweep is how often the throttle forgets the addresses whose
	// failures have all been forgiven.
	throttleSweep = time.Minute
)

// AuthThrottle slows the guessing of credentials. Each client address has
// a bucket of burst failures that refills at rate a second; a failed
// authentication takes one, and while an address's bucket is empty its
// credentials are refused with 429 before they are checked, so that no
// address tries more than rate a second after its burst. A success takes
// nothing: an address that does not fail is never throttled. Requests that
// pass the check together may each fail once more than the bucket holds.
type AuthThrottle struct {
	limit rate.Limit
	burst int

	mu      sync.Mutex
	clients map[netip.Addr]*rate.Limiter
	swept   time.Time
}

// NewAuthThrottle returns the throttle; perSecond <= 0 turns it off (a
// nil throttle).
func NewAuthThrottle(perSecond float64, burst int) *AuthThrottle {
	if perSecond <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = DefaultAuthFailureBurst
	}
	return &AuthThrottle{limit: rate.Limit(perSecond), burst: burst, clients: make(map[netip.Addr]*rate.Limiter)}
}

// check refuses, with the time until it may try again, a client whose
// failures have used up its bucket.
func (t *AuthThrottle) check(client netip.Addr, now time.Time) error {
	if t == nil {
		return nil
	}
	t.mu.Lock()
	b := t.clients[client]
	t.mu.Unlock()
	if b == nil {
		return nil
	}
	if tokens := b.TokensAt(now); tokens < 1 {
		return &RateLimited{What: "failed authentications from this address", Limiter: metrics.LimitAuthFailures,
			RetryAfter: time.Duration((1 - tokens) / float64(t.limit) * float64(time.Second))}
	}
	return nil
}

// fail counts a failed authentication of client.
func (t *AuthThrottle) fail(client netip.Addr, now time.Time) {
	if t == nil {
		return
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if now.Sub(t.swept) >= throttleSweep {
		t.forgetForgiven(now)
	}
	b := t.clients[client]
	if b == nil {
		if len(t.clients) >= maxThrottledClients {
			for other := range t.clients { // any one: map order is random
				delete(t.clients, other)
				break
			}
		}
		b = rate.NewLimiter(t.limit, t.burst)
		t.clients[client] = b
	}
	b.AllowN(now, 1)
}

// forgetForgiven drops the addresses whose buckets are full again: they
// are as if they never failed.
func (t *AuthThrottle) forgetForgiven(now time.Time) {
	for client, b := range t.clients {
		if b.TokensAt(now) >= float64(t.burst) {
			delete(t.clients, client)
		}
	}
	t.swept = now
}

// clientAddress is whom the throttle counts a request against: the
// connection's remote IP (X-Forwarded-For is not trusted), an IPv6
// address by its /64, which one host commonly holds whole.
func clientAddress(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return netip.Addr{}
	}
	ip := ap.Addr().Unmap().WithZone("")
	if ip.Is6() {
		p, _ := ip.Prefix(64)
		return p.Addr()
	}
	return ip
}

// CheckClient refuses a request whose address has failed authentication
// too often, before its credential is checked.
func (s *Core) CheckClient(r *http.Request) error {
	return s.Throttle.check(clientAddress(r), s.Now())
}

// AuthFailed counts a credential that was checked and refused against the
// request's address, and logs why (never the credential).
func (s *Core) AuthFailed(r *http.Request, err error) {
	client := clientAddress(r)
	s.Throttle.fail(client, s.Now())
	s.Log.LogAttrs(r.Context(), slog.LevelWarn, "authentication failed",
		slog.String("client", client.String()), slog.String("path", r.URL.Path),
		slog.String("request_id", RequestID(r.Context())), slog.String("cause", err.Error()))
}
