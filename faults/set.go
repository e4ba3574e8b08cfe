// Package faults holds the fault and latency rules of the control plane:
// rules that make the API answer as the vendor's does when it fails (a
// 503 burst, a 429 with Retry-After, a slow tenant, a dropped connection),
// so that users can test how their clients survive it
// (docs/control-plane.md). A Set holds the rules; the HTTP API asks it,
// for each request, what to do instead of or before the real answer.
package faults

import (
	"context"
	"math/rand/v2"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// MaxRules bounds the rules a Set holds; one more is a 409, as the rules
// are checked on every request.
const MaxRules = 100

// Options are a Set's clock, randomness and sleep, which tests replace.
type Options struct {
	// Now is the clock of creation and expiry (default time.Now).
	Now func() time.Time
	// Rand draws probabilities and latencies (default: seeded at random).
	// The Set serialises its use.
	Rand *rand.Rand
	// Sleep waits out a latency (default: a timer, cut short when ctx is
	// done).
	Sleep func(ctx context.Context, d time.Duration)
}

// Set is a bounded set of rules, safe for concurrent use.
type Set struct {
	now   func() time.Time
	sleep func(context.Context, time.Duration)

	mu    sync.Mutex
	rand  *rand.Rand
	rules []*Rule // in creation order, which is the order they are checked in
}

// New returns an empty Set.
func New(opts Options) *Set {
	s := &Set{now: opts.Now, sleep: opts.Sleep, rand: opts.Rand}
	if s.now == nil {
		s.now = time.Now
	}
	if s.sleep == nil {
		s.sleep = sleep
	}
	if s.rand == nil {
		s.rand = rand.New(rand.NewPCG(rand.Uint64(), rand.Uint64()))
	}
	return s
}

func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// Identity is who made a request, once it is authenticated: a tenant's
// application or a partner's. The zero Identity is a request not (yet)
// authenticated.
type Identity struct {
	TenantID, PartnerID, AppID uuid.UUID
}

// Action is what the rules that fired on a request ask for: wait Delay,
// then answer Status (with RetryAfter for a 429) or Drop the connection;
// with neither, serve the real answer. Rule is the last rule that fired:
// the one that set Status or Drop, if one did.
type Action struct {
	Delay      time.Duration
	Status     int
	RetryAfter time.Duration
	Drop       bool
	Rule       uuid.UUID
}

// Add checks spec and adds it as a rule.
func (s *Set) Add(spec Spec) (Rule, error) {
	now := s.now()
	r, err := NewRule(spec, now)
	if err != nil {
		return Rule{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(now)
	if len(s.rules) >= MaxRules {
		return Rule{}, wolfden.Errorf(wolfden.EConflict, "there are %d fault rules already, the most there may be: delete some first", MaxRules)
	}
	s.rules = append(s.rules, r)
	return *r, nil
}

// Rules are the rules in force, in creation order.
func (s *Set) Rules() []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(s.now())
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = *r
	}
	return out
}

// Rule is the rule id, or a 404 when it is not (or no longer) in force.
func (s *Set) Rule(id uuid.UUID) (Rule, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(s.now())
	if i := s.index(id); i >= 0 {
		return *s.rules[i], nil
	}
	return Rule{}, notFound(id)
}

// Delete removes the rule id; a 404 when it is not in force.
func (s *Set) Delete(id uuid.UUID) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.prune(s.now())
	i := s.index(id)
	if i < 0 {
		return notFound(id)
	}
	s.rules = slices.Delete(s.rules, i, i+1)
	return nil
}

// Clear removes every rule.
func (s *Set) Clear() {
	s.mu.Lock()
	s.rules = nil
	s.mu.Unlock()
}

func notFound(id uuid.UUID) error {
	return wolfden.Errorf(wolfden.ENotFound, "fault rule %s not found: it was deleted, expired or spent, or never was", id)
}

func (s *Set) index(id uuid.UUID) int {
	return slices.IndexFunc(s.rules, func(r *Rule) bool { return r.ID == id })
}

// prune drops the rules expired at now and those spent.
func (s *Set) prune(now time.Time) {
	s.rules = slices.DeleteFunc(s.rules, func(r *Rule) bool { return r.expired(now) || r.spent() })
}

// Check is what the rules ask of req made by who. It is called twice a
// request: before routing with the zero Identity, where only the rules
// that name no tenant, partner or application are checked, and once the
// caller is authenticated, where only those that do are. So a rule counts
// a request once, and fires at most once on it.
//
// Rules are checked in creation order. Each that matches counts the match
// and, past its first After matches, fires with its probability: its
// latency adds to the delay, and the first that answers a status or drops
// the connection ends the check (the rules after it do not see the
// request). A rule is removed once spent. The control plane (/control/)
// is never faulted. A nil Set has no rules.
func (s *Set) Check(req *http.Request, who Identity) Action {
	var a Action
	if s == nil || isControlPlane(req.URL.Path) {
		return a
	}
	identified := who != Identity{}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.rules) == 0 {
		return a
	}
	s.prune(s.now())
	for _, r := range s.rules {
		if r.NeedsIdentity() != identified || !r.matches(req, who) {
			continue
		}
		r.Matched++
		if r.Matched <= r.After || (r.Probability < 1 && s.rand.Float64() >= r.Probability) {
			continue
		}
		r.Fired++
		a.Delay += r.delay(s.rand)
		a.Rule = r.ID
		if r.Status != 0 || r.Drop {
			a.Status, a.RetryAfter, a.Drop = r.Status, r.RetryAfter, r.Drop
			break
		}
	}
	s.rules = slices.DeleteFunc(s.rules, (*Rule).spent)
	return a
}

// Sleep waits out d, or until ctx is done.
func (s *Set) Sleep(ctx context.Context, d time.Duration) { s.sleep(ctx, d) }

func isControlPlane(path string) bool {
	return path == "/control" || strings.HasPrefix(path, "/control/")
}
