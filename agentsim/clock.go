package agentsim

import (
	"sync/atomic"
	"time"
)

// Clock is the server's time for the simulated agents and everything they
// drive: command progress, lockdown expiry, device lifecycle, deletions.
// A test advances it instead of sleeping, so that an asynchronous flow
// completes in milliseconds. It runs on from a base clock, shifted by
// every Advance; token validation keeps real time, since clients sign with
// their own clocks.
type Clock struct {
	base   func() time.Time
	offset atomic.Int64 // nanoseconds added to base
}

// NewClock returns a clock running with base (time.Now when nil).
func NewClock(base func() time.Time) *Clock {
	if base == nil {
		base = time.Now
	}
	return &Clock{base: base}
}

// Now is the clock's time.
func (c *Clock) Now() time.Time { return c.base().Add(c.Offset()) }

// Offset is how far the clock has been advanced in all.
func (c *Clock) Offset() time.Duration { return time.Duration(c.offset.Load()) }

// Advance moves the clock forward by d, which must not be negative: time
// the agents have seen does not run back.
func (c *Clock) Advance(d time.Duration) {
	if d > 0 {
		c.offset.Add(int64(d))
	}
}

// Reset sets the clock back to its base, as on a server's first start.
func (c *Clock) Reset() { c.offset.Store(0) }

// Scaled is s with every delay multiplied by factor: 0 makes agents
// instant, 0.1 ten times as quick.
func (s Schedule) Scaled(factor float64) Schedule {
	return Schedule{Pickup: time.Duration(float64(s.Pickup) * factor), Work: time.Duration(float64(s.Work) * factor)}
}
