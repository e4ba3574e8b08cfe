package rest

import (
	"net/netip"
	"testing"
	"time"
)

func clientNumber(i int) netip.Addr {
	return netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)})
}

// The throttle's memory is bounded: addresses whose failures are forgiven
// are forgotten, and it never holds more than maxThrottledClients.
func TestAuthThrottleForgets(t *testing.T) {
	th := NewAuthThrottle(1, 3)
	start := time.Unix(1_000_000_000, 0)
	for i := range 1000 {
		th.fail(clientNumber(i), start)
	}
	for range 3 {
		th.fail(clientNumber(0), start)
	}
	if n := len(th.clients); n != 1000 {
		t.Fatalf("%d addresses remembered, want 1000", n)
	}
	if th.check(clientNumber(0), start) == nil {
		t.Fatal("an address past its burst is not refused")
	}
	later := start.Add(throttleSweep)
	th.fail(clientNumber(5000), later)
	if n := len(th.clients); n != 1 {
		t.Errorf("%d addresses remembered a sweep later, want 1 (the one that just failed)", n)
	}
	for i := range maxThrottledClients + 100 {
		th.fail(clientNumber(i), later)
	}
	if n := len(th.clients); n != maxThrottledClients {
		t.Errorf("%d addresses remembered, want at most %d", n, maxThrottledClients)
	}
}
