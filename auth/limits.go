package auth

import (
	"fmt"
	"time"
)

// Limits are the token exchange's rules that a test may want to change
// from the vendor's, to exercise a client's handling of them.
type Limits struct {
	// ClockSkew is how far in the future a client's iat may be: clients
	// sign with their own clocks, and SOAR's docs warn that drift breaks
	// the exchange.
	ClockSkew time.Duration
	// MaxLifetime is the longest an auth token may live (exp - iat), and
	// the longest an access token lives.
	MaxLifetime time.Duration
	// TokenRequests is how many requests one access token may make; past
	// that it is refused with 401 and the client takes a new one, as
	// python-cyapi does after 9,500. 0: no cap.
	TokenRequests int64
}

// DefaultLimits are the vendor's, as far as they are known: 30-minute
// tokens, a minute of skew, and no request cap (the vendor's cap is
// inferred, from python-cyapi renewing after 9,500 requests, not
// documented; docs/api/auth.md).
var DefaultLimits = Limits{ClockSkew: time.Minute, MaxLifetime: MaxLifetime}

// Bounds of the settable limits.
const (
	MaxClockSkew     = 24 * time.Hour
	MaxTokenLifetime = 24 * time.Hour
	MaxTokenRequests = 1_000_000_000
	minTokenLifetime = time.Second
)

// Check refuses limits out of their bounds.
func (l Limits) Check() error {
	switch {
	case l.ClockSkew < 0 || l.ClockSkew > MaxClockSkew:
		return fmt.Errorf("the clock skew is %s: use 0 to %s", l.ClockSkew, MaxClockSkew)
	case l.MaxLifetime < minTokenLifetime || l.MaxLifetime > MaxTokenLifetime:
		return fmt.Errorf("the token lifetime is %s: use %s to %s", l.MaxLifetime, minTokenLifetime, MaxTokenLifetime)
	case l.TokenRequests < 0 || l.TokenRequests > MaxTokenRequests:
		return fmt.Errorf("the requests per token are %d: use 0 (no cap) to %d", l.TokenRequests, MaxTokenRequests)
	}
	return nil
}

// spoken writes d as a person would: "30 minutes" rather than "30m0s".
func spoken(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%d hours", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%d minutes", d/time.Minute)
	case d%time.Second == 0:
		return fmt.Sprintf("%d s", d/time.Second)
	}
	return d.String()
}
