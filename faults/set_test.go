package faults_test

import (
	"context"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/faults"
)

func ptr[T any](v T) *T { return &v }

// testSet is a Set on a settable clock and a seeded source.
func testSet(t *testing.T) (*faults.Set, *time.Time) {
	now := time.Date(2025, 3, 5, 14, 0, 0, 0, time.UTC)
	return faults.New(faults.Options{Now: func() time.Time { return now }, Rand: rand.New(rand.NewPCG(1, 2))}), &now
}

func add(t *testing.T, s *faults.Set, spec faults.Spec) faults.Rule {
	t.Helper()
	r, err := s.Add(spec)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func get(path string) *http.Request { return httptest.NewRequest(http.MethodGet, path, nil) }

// statuses checks req n times and lists the statuses answered (0: none).
func statuses(s *faults.Set, n int, req *http.Request, who faults.Identity) []int {
	var out []int
	for range n {
		out = append(out, s.Check(req, who).Status)
	}
	return out
}

func TestFiring(t *testing.T) {
	for _, tt := range []struct {
		name string
		spec faults.Spec
		want []int
	}{
		{"always", faults.Spec{Status: 503}, []int{503, 503, 503, 503, 503}},
		{"next 3", faults.Spec{Status: 503, Times: ptr(3)}, []int{503, 503, 503, 0, 0}},
		{"after 2", faults.Spec{Status: 502, After: 2}, []int{0, 0, 502, 502, 502}},
		{"after 1 then 2", faults.Spec{Status: 504, After: 1, Times: ptr(2)}, []int{0, 504, 504, 0, 0}},
		{"never", faults.Spec{Status: 500, Probability: ptr(0.0)}, []int{0, 0, 0, 0, 0}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSet(t)
			r := add(t, s, tt.spec)
			if got := statuses(s, len(tt.want), get("/devices/v2"), faults.Identity{}); !slices.Equal(got, tt.want) {
				t.Errorf("statuses %v, want %v", got, tt.want)
			}
			if tt.spec.Times != nil {
				if _, err := s.Rule(r.ID); wolfden.CodeOf(err) != wolfden.ENotFound {
					t.Errorf("a spent rule is still there: %v", err)
				}
			}
		})
	}
}

func TestCounts(t *testing.T) {
	s, _ := testSet(t)
	r := add(t, s, faults.Spec{Status: 503, After: 2, Path: "/devices/v2"})
	statuses(s, 5, get("/devices/v2"), faults.Identity{})
	statuses(s, 3, get("/zones/v2"), faults.Identity{})
	got, err := s.Rule(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Matched != 5 || got.Fired != 3 {
		t.Errorf("matched %d, fired %d; want 5, 3", got.Matched, got.Fired)
	}
}

// TestProbability fires p = 0.3 over 2,000 requests: the count lands
// within four standard deviations of the binomial mean (a chance of about
// 6e-5 to miss for a fair source; with the seed it is the same each run).
func TestProbability(t *testing.T) {
	const n, p = 2000, 0.3
	s, _ := testSet(t)
	add(t, s, faults.Spec{Status: 503, Probability: ptr(p)})
	fired := 0
	for _, st := range statuses(s, n, get("/devices/v2"), faults.Identity{}) {
		if st == 503 {
			fired++
		}
	}
	mean, sd := n*p, math.Sqrt(n*p*(1-p))
	if math.Abs(float64(fired)-mean) > 4*sd {
		t.Errorf("fired %d of %d at p=%v; want %.0f ± %.0f", fired, n, p, mean, 4*sd)
	}
}

func TestMatching(t *testing.T) {
	tenant, other, partner, app := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	withHeader := func(name, value string) *http.Request {
		r := get("/devices/v2")
		r.Header.Set(name, value)
		return r
	}
	post := httptest.NewRequest(http.MethodPost, "/devices/v2", nil)
	for _, tt := range []struct {
		name  string
		spec  faults.Spec
		req   *http.Request
		who   faults.Identity
		fires bool
	}{
		{"method", faults.Spec{Method: "post"}, post, faults.Identity{}, true},
		{"other method", faults.Spec{Method: "POST"}, get("/devices/v2"), faults.Identity{}, false},
		{"path", faults.Spec{Path: "/devices/v2/{id}"}, get("/devices/v2/x"), faults.Identity{}, true},
		{"other path", faults.Spec{Path: "/devices/v2/{id}"}, get("/devices/v2"), faults.Identity{}, false},
		{"header", faults.Spec{HeaderName: "x-fault", HeaderValue: ptr("on")}, withHeader("X-Fault", "on"), faults.Identity{}, true},
		{"header value", faults.Spec{HeaderName: "X-Fault", HeaderValue: ptr("on")}, withHeader("X-Fault", "off"), faults.Identity{}, false},
		{"header present", faults.Spec{HeaderName: "X-Fault"}, withHeader("X-Fault", ""), faults.Identity{}, true},
		{"header absent", faults.Spec{HeaderName: "X-Fault"}, get("/devices/v2"), faults.Identity{}, false},
		{"tenant", faults.Spec{TenantID: tenant.String()}, get("/devices/v2"), faults.Identity{TenantID: tenant, AppID: app}, true},
		{"tenant, other", faults.Spec{TenantID: tenant.String()}, get("/devices/v2"), faults.Identity{TenantID: other, AppID: app}, false},
		{"tenant, before authentication", faults.Spec{TenantID: tenant.String()}, get("/devices/v2"), faults.Identity{}, false},
		{"tenant, in the vendor's form", faults.Spec{TenantID: stripDashes(tenant)}, get("/devices/v2"), faults.Identity{TenantID: tenant}, true},
		{"partner", faults.Spec{PartnerID: partner.String()}, get("/public/v2/us/tenants/list"), faults.Identity{PartnerID: partner, AppID: app}, true},
		{"partner, a tenant", faults.Spec{PartnerID: partner.String()}, get("/devices/v2"), faults.Identity{TenantID: partner}, false},
		{"application", faults.Spec{AppID: app.String()}, get("/devices/v2"), faults.Identity{TenantID: tenant, AppID: app}, true},
		{"application, other", faults.Spec{AppID: app.String()}, get("/devices/v2"), faults.Identity{TenantID: tenant, AppID: other}, false},
		{"no identity, once authenticated", faults.Spec{}, get("/devices/v2"), faults.Identity{TenantID: tenant}, false},
		{"control plane", faults.Spec{Path: "/*"}, get("/control/v1/faults"), faults.Identity{}, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := testSet(t)
			tt.spec.Status = 503
			add(t, s, tt.spec)
			if got := s.Check(tt.req, tt.who).Status == 503; got != tt.fires {
				t.Errorf("fires %v, want %v", got, tt.fires)
			}
		})
	}
}

func stripDashes(id uuid.UUID) string {
	b := []byte(id.String())
	out := b[:0]
	for _, c := range b {
		if c != '-' {
			out = append(out, c)
		}
	}
	return string(out)
}

func TestLatencyAndOrder(t *testing.T) {
	s, _ := testSet(t)
	add(t, s, faults.Spec{LatencyMS: 100})
	add(t, s, faults.Spec{LatencyMS: 800, LatencyMaxMS: 1500})
	stop := add(t, s, faults.Spec{Status: 429, RetryAfter: ptr(2), LatencyMS: 5})
	unseen := add(t, s, faults.Spec{LatencyMS: 1000})
	lo, hi := time.Hour, time.Duration(0)
	for range 500 {
		a := s.Check(get("/threats/v2"), faults.Identity{})
		if a.Status != 429 || a.RetryAfter != 2*time.Second || a.Rule != stop.ID {
			t.Fatalf("action %+v, want the 429 of rule %s", a, stop.ID)
		}
		lo, hi = min(lo, a.Delay), max(hi, a.Delay)
	}
	if lo < 905*time.Millisecond || hi > 1605*time.Millisecond || hi-lo < 600*time.Millisecond {
		t.Errorf("delays from %v to %v; want them spread over 905ms to 1.605s", lo, hi)
	}
	if got, _ := s.Rule(unseen.ID); got.Matched != 0 {
		t.Errorf("a rule after the one that answered counted %d matches", got.Matched)
	}
}

func TestExpiry(t *testing.T) {
	s, now := testSet(t)
	ttl := add(t, s, faults.Spec{Status: 503, TTLSeconds: ptr(60)})
	at := add(t, s, faults.Spec{Status: 502, ExpiresAt: ptr(now.Add(90 * time.Second))})
	if got := s.Check(get("/"), faults.Identity{}).Status; got != 503 {
		t.Fatalf("status %d, want 503", got)
	}
	*now = now.Add(60 * time.Second)
	if got := s.Check(get("/"), faults.Identity{}).Status; got != 502 {
		t.Fatalf("status %d after the TTL, want 502", got)
	}
	if _, err := s.Rule(ttl.ID); wolfden.CodeOf(err) != wolfden.ENotFound {
		t.Errorf("an expired rule is still there: %v", err)
	}
	*now = now.Add(30 * time.Second)
	if got := s.Check(get("/"), faults.Identity{}).Status; got != 0 {
		t.Fatalf("status %d after every expiry, want none", got)
	}
	if rules := s.Rules(); len(rules) != 0 {
		t.Errorf("%d rules left; want none (%s expired)", len(rules), at.ID)
	}
}

func TestBound(t *testing.T) {
	s, _ := testSet(t)
	for range faults.MaxRules {
		add(t, s, faults.Spec{LatencyMS: 1})
	}
	if _, err := s.Add(faults.Spec{LatencyMS: 1}); wolfden.CodeOf(err) != wolfden.EConflict {
		t.Fatalf("rule %d: %v, want a conflict", faults.MaxRules+1, err)
	}
	if err := s.Delete(s.Rules()[0].ID); err != nil {
		t.Fatal(err)
	}
	add(t, s, faults.Spec{LatencyMS: 1})
	s.Clear()
	if n := len(s.Rules()); n != 0 {
		t.Errorf("%d rules after Clear", n)
	}
}

func TestSpecRefused(t *testing.T) {
	s, now := testSet(t)
	for _, tt := range []struct {
		field string
		spec  faults.Spec
	}{
		{"status", faults.Spec{Status: 418}},
		{"status", faults.Spec{}},
		{"drop", faults.Spec{Status: 503, Drop: true}},
		{"retry_after", faults.Spec{Status: 503, RetryAfter: ptr(2)}},
		{"retry_after", faults.Spec{Status: 429, RetryAfter: ptr(0)}},
		{"latency_ms", faults.Spec{LatencyMS: -1}},
		{"latency_ms", faults.Spec{LatencyMS: 60_001}},
		{"latency_max_ms", faults.Spec{LatencyMS: 800, LatencyMaxMS: 700}},
		{"probability", faults.Spec{Status: 503, Probability: ptr(1.5)}},
		{"probability", faults.Spec{Status: 503, Probability: ptr(-0.1)}},
		{"probability", faults.Spec{Status: 503, Probability: ptr(math.NaN())}},
		{"times", faults.Spec{Status: 503, Times: ptr(0)}},
		{"after", faults.Spec{Status: 503, After: -1}},
		{"method", faults.Spec{Status: 503, Method: "FETCH"}},
		{"path", faults.Spec{Status: 503, Path: "devices"}},
		{"tenant_id", faults.Spec{Status: 503, TenantID: "nope"}},
		{"partner_id", faults.Spec{Status: 503, TenantID: uuid.NewString(), PartnerID: uuid.NewString()}},
		{"header_name", faults.Spec{Status: 503, HeaderName: "X Fault"}},
		{"header_name", faults.Spec{Status: 503, HeaderValue: ptr("on")}},
		{"ttl_seconds", faults.Spec{Status: 503, TTLSeconds: ptr(0)}},
		{"expires_at", faults.Spec{Status: 503, ExpiresAt: now}},
		{"expires_at", faults.Spec{Status: 503, TTLSeconds: ptr(5), ExpiresAt: ptr(now.Add(time.Hour))}},
	} {
		_, err := s.Add(tt.spec)
		if e, ok := err.(*wolfden.Error); !ok || e.Code != wolfden.EInvalid || e.Field != tt.field {
			t.Errorf("%+v: %v, want a 400 naming %s", tt.spec, err, tt.field)
		}
	}
}

// TestConcurrent checks, under -race, that concurrent checks count every
// firing of a next-N rule once.
func TestConcurrent(t *testing.T) {
	s, _ := testSet(t)
	add(t, s, faults.Spec{Status: 503, Times: ptr(100)})
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		fired int
	)
	for range 8 {
		wg.Go(func() {
			for range 50 {
				if s.Check(get("/devices/v2"), faults.Identity{}).Status == 503 {
					mu.Lock()
					fired++
					mu.Unlock()
				}
				s.Rules()
			}
		})
	}
	wg.Wait()
	if fired != 100 {
		t.Errorf("fired %d times, want 100", fired)
	}
}

// TestSleepStopsWithContext waits an hour on a done context: it returns
// at once, or the test times out.
func TestSleepStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	faults.New(faults.Options{}).Sleep(ctx, time.Hour)
}

// BenchmarkCheck is the cost every request pays: no rules, and 100 rules
// none of which matches.
func BenchmarkCheck(b *testing.B) {
	req := get("/devices/v2/3ab1c8a2-7c1e-4d7e-9f3a-0b2c4d6e8f10")
	b.Run("empty", func(b *testing.B) {
		s := faults.New(faults.Options{})
		for b.Loop() {
			s.Check(req, faults.Identity{})
		}
	})
	b.Run("100 rules", func(b *testing.B) {
		s := faults.New(faults.Options{})
		for range faults.MaxRules {
			if _, err := s.Add(faults.Spec{Path: "/threats/v2/{sha256}", Status: 503}); err != nil {
				b.Fatal(err)
			}
		}
		for b.Loop() {
			s.Check(req, faults.Identity{})
		}
	})
}
