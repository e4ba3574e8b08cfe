package faults

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Statuses are the answers a rule may fake: the failures clients are
// written to survive (python-cyapi retries 500, 502, 503 and 504, and 429
// on GET).
var Statuses = []int{401, 403, 404, 429, 500, 502, 503, 504}

// Bounds of a rule's settings: a latency past the server's write timeout
// (60 s in serve) is cut off anyway, and a Retry-After past a day is no
// test of a client.
const (
	MaxLatency    = time.Minute
	MaxRetryAfter = 24 * 60 * 60 // seconds
	MaxCount      = 1_000_000_000
)

// Spec is a rule as the control plane is asked for it, unchecked: NewRule
// checks it. Zero values are "not given".
type Spec struct {
	// What it matches; an empty criterion matches anything.
	Method                     string
	Path                       string
	TenantID, PartnerID, AppID string
	HeaderName                 string
	HeaderValue                *string // nil: the header present, with any value

	// What it does: fake Status (with RetryAfter seconds for a 429), or
	// Drop the connection, after LatencyMS (to LatencyMaxMS, at random).
	Status       int
	RetryAfter   *int
	LatencyMS    int
	LatencyMaxMS int
	Drop         bool

	// When it fires: with Probability (default 1), skipping the first
	// After matches, Times times (nil: without end).
	Probability *float64
	Times       *int
	After       int

	// Until when: TTLSeconds from its creation, or ExpiresAt.
	TTLSeconds *int
	ExpiresAt  *time.Time
}

// Rule is a checked fault rule and what it has done.
type Rule struct {
	ID      uuid.UUID
	Created time.Time
	Expires time.Time // zero: never

	Method                     string
	Path                       Pattern
	TenantID, PartnerID, AppID uuid.UUID
	HeaderName                 string
	HeaderValue                *string

	Status              int
	RetryAfter          time.Duration
	Latency, LatencyMax time.Duration // LatencyMax zero: Latency exactly
	Drop                bool

	Probability float64
	Times       int // 0: without end
	After       int

	Matched int // requests it matched
	Fired   int // of those, the ones it acted on
}

// NewRule checks spec and makes it a rule created at now. Every fault is
// a 400 naming the field.
func NewRule(spec Spec, now time.Time) (*Rule, error) {
	r := &Rule{ID: uuid.New(), Created: now, Method: strings.ToUpper(spec.Method), HeaderName: spec.HeaderName,
		HeaderValue: spec.HeaderValue, Status: spec.Status, Drop: spec.Drop, Probability: 1, After: spec.After}
	if r.Method != "" && !slices.Contains(methods, r.Method) {
		return nil, wolfden.FieldErrorf("method", "%q is not a method: use one of %s", spec.Method, strings.Join(methods, ", "))
	}
	if spec.Path != "" {
		var err error
		if r.Path, err = ParsePattern("path", spec.Path); err != nil {
			return nil, err
		}
	}
	for _, id := range []struct {
		field, text string
		to          *uuid.UUID
	}{{"tenant_id", spec.TenantID, &r.TenantID}, {"partner_id", spec.PartnerID, &r.PartnerID}, {"app_id", spec.AppID, &r.AppID}} {
		if id.text == "" {
			continue
		}
		v, ok := wolfden.ParseID(id.text)
		if !ok {
			return nil, wolfden.FieldErrorf(id.field, "%q is not an id", id.text)
		}
		*id.to = v
	}
	if r.TenantID != uuid.Nil && r.PartnerID != uuid.Nil {
		return nil, wolfden.FieldErrorf("partner_id", "a request is a tenant's or a partner's: name one of tenant_id and partner_id")
	}
	if spec.HeaderValue != nil && spec.HeaderName == "" {
		return nil, wolfden.FieldErrorf("header_name", "header_value needs header_name")
	}
	if spec.HeaderName != "" && !validHeaderName(spec.HeaderName) {
		return nil, wolfden.FieldErrorf("header_name", "%q is not a header field name", spec.HeaderName)
	}
	if err := r.checkEffect(spec); err != nil {
		return nil, err
	}
	if err := r.checkFiring(spec, now); err != nil {
		return nil, err
	}
	return r, nil
}

// methods are those a rule may name.
var methods = []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete,
	http.MethodPatch, http.MethodHead, http.MethodOptions}

func validHeaderName(s string) bool {
	for _, c := range s {
		if c <= ' ' || c >= 0x7f || strings.ContainsRune(`"(),/:;<=>?@[\]{}`, c) {
			return false
		}
	}
	return s != ""
}

// checkEffect sets what the rule does from spec.
func (r *Rule) checkEffect(spec Spec) error {
	if spec.Status != 0 && !slices.Contains(Statuses, spec.Status) {
		return wolfden.FieldErrorf("status", "%d is not a status a rule can answer: use one of %s", spec.Status, statusList())
	}
	if spec.Status != 0 && spec.Drop {
		return wolfden.FieldErrorf("drop", "a rule answers a status or drops the connection, not both")
	}
	if spec.RetryAfter != nil {
		if spec.Status != http.StatusTooManyRequests {
			return wolfden.FieldErrorf("retry_after", "retry_after goes with status 429")
		}
		if *spec.RetryAfter < 1 || *spec.RetryAfter > MaxRetryAfter {
			return wolfden.FieldErrorf("retry_after", "retry_after is %d: use 1 to %d seconds", *spec.RetryAfter, MaxRetryAfter)
		}
		r.RetryAfter = time.Duration(*spec.RetryAfter) * time.Second
	} else if spec.Status == http.StatusTooManyRequests {
		r.RetryAfter = time.Second
	}
	maxMS := int(MaxLatency / time.Millisecond)
	if spec.LatencyMS < 0 || spec.LatencyMS > maxMS {
		return wolfden.FieldErrorf("latency_ms", "latency_ms is %d: use 0 to %d", spec.LatencyMS, maxMS)
	}
	if spec.LatencyMaxMS != 0 && (spec.LatencyMaxMS < spec.LatencyMS || spec.LatencyMaxMS > maxMS) {
		return wolfden.FieldErrorf("latency_max_ms", "latency_max_ms is %d: use latency_ms (%d) to %d", spec.LatencyMaxMS, spec.LatencyMS, maxMS)
	}
	r.Latency = time.Duration(spec.LatencyMS) * time.Millisecond
	r.LatencyMax = time.Duration(spec.LatencyMaxMS) * time.Millisecond
	if r.Status == 0 && !r.Drop && r.Latency == 0 && r.LatencyMax == 0 {
		return wolfden.FieldErrorf("status", "a rule needs an effect: status, drop or latency_ms")
	}
	return nil
}

func statusList() string {
	s := make([]string, len(Statuses))
	for i, st := range Statuses {
		s[i] = strconv.Itoa(st)
	}
	return strings.Join(s, ", ")
}

// checkFiring sets when the rule fires, and until when, from spec.
func (r *Rule) checkFiring(spec Spec, now time.Time) error {
	if p := spec.Probability; p != nil {
		if !(*p >= 0 && *p <= 1) {
			return wolfden.FieldErrorf("probability", "probability is %v: use 0 to 1", *p)
		}
		r.Probability = *p
	}
	if spec.Times != nil {
		if *spec.Times < 1 || *spec.Times > MaxCount {
			return wolfden.FieldErrorf("times", "times is %d: use 1 to %d, or leave it out to fire without end", *spec.Times, MaxCount)
		}
		r.Times = *spec.Times
	}
	if spec.After < 0 || spec.After > MaxCount {
		return wolfden.FieldErrorf("after", "after is %d: use 0 to %d", spec.After, MaxCount)
	}
	switch {
	case spec.TTLSeconds != nil && spec.ExpiresAt != nil:
		return wolfden.FieldErrorf("expires_at", "give ttl_seconds or expires_at, not both")
	case spec.TTLSeconds != nil:
		if *spec.TTLSeconds < 1 || *spec.TTLSeconds > MaxCount {
			return wolfden.FieldErrorf("ttl_seconds", "ttl_seconds is %d: use 1 to %d", *spec.TTLSeconds, MaxCount)
		}
		r.Expires = now.Add(time.Duration(*spec.TTLSeconds) * time.Second)
	case spec.ExpiresAt != nil:
		if !spec.ExpiresAt.After(now) {
			return wolfden.FieldErrorf("expires_at", "expires_at %s is not in the future", spec.ExpiresAt.UTC().Format(time.RFC3339))
		}
		r.Expires = *spec.ExpiresAt
	}
	return nil
}

// NeedsIdentity tells a rule that names a tenant, partner or application:
// it is checked once the request is authenticated, the others before
// routing.
func (r *Rule) NeedsIdentity() bool {
	return r.TenantID != uuid.Nil || r.PartnerID != uuid.Nil || r.AppID != uuid.Nil
}

// matches tells whether the rule's criteria hold for req made by who.
func (r *Rule) matches(req *http.Request, who Identity) bool {
	switch {
	case r.Method != "" && r.Method != req.Method,
		!r.Path.Match(req.URL.Path),
		r.TenantID != uuid.Nil && r.TenantID != who.TenantID,
		r.PartnerID != uuid.Nil && r.PartnerID != who.PartnerID,
		r.AppID != uuid.Nil && r.AppID != who.AppID:
		return false
	case r.HeaderName == "":
		return true
	}
	values := req.Header.Values(r.HeaderName)
	if r.HeaderValue == nil {
		return len(values) > 0
	}
	return slices.Contains(values, *r.HeaderValue)
}

// delay is the latency of one firing: fixed, or uniform in its range.
func (r *Rule) delay(rnd *rand.Rand) time.Duration {
	if r.LatencyMax <= r.Latency {
		return r.Latency
	}
	return r.Latency + time.Duration(rnd.Int64N(int64(r.LatencyMax-r.Latency)+1))
}

// expired tells a rule past its expiry at now.
func (r *Rule) expired(now time.Time) bool { return !r.Expires.IsZero() && !now.Before(r.Expires) }

// spent tells a rule that has fired all the times it was given.
func (r *Rule) spent() bool { return r.Times > 0 && r.Fired >= r.Times }
