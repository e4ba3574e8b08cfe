package auth_test

import (
	"context"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// limitsFixture is a service with limits over a store holding one tenant.
type limitsFixture struct {
	svc    *auth.Service
	tenant *wolfden.Tenant
	app    *wolfden.Application
	now    time.Time
}

func newLimitsFixture(t *testing.T, limits *auth.Limits) *limitsFixture {
	t.Helper()
	store := sqltest.Backends()[0].Open(t)
	now := time.Now().Truncate(time.Second)
	tn, app, err := wolfden.NewTenant("A", now)
	if err != nil {
		t.Fatal(err)
	}
	if err := store.CreateTenant(context.Background(), tn, app); err != nil {
		t.Fatal(err)
	}
	svc := auth.New(store, auth.Options{Now: func() time.Time { return now }, Limits: limits})
	return &limitsFixture{svc: svc, tenant: tn, app: app, now: now}
}

// exchange signs a client token issued at iat and expiring at exp, and
// trades it.
func (f *limitsFixture) exchange(t *testing.T, iat, exp time.Time) (*auth.AccessToken, error) {
	t.Helper()
	signed, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"iat": iat.Unix(), "exp": exp.Unix(), "iss": auth.ClientIssuer, "sub": f.app.ID.String(),
		"tid": f.tenant.ID.String(), "jti": uuid.NewString(),
	}).SignedString([]byte(f.app.Secret))
	if err != nil {
		t.Fatal(err)
	}
	return f.svc.Exchange(context.Background(), signed, nil)
}

func TestLimitsCheck(t *testing.T) {
	if err := auth.DefaultLimits.Check(); err != nil {
		t.Errorf("the defaults fail their own check: %v", err)
	}
	for _, l := range []auth.Limits{
		{ClockSkew: -time.Second, MaxLifetime: time.Minute},
		{ClockSkew: 25 * time.Hour, MaxLifetime: time.Minute},
		{MaxLifetime: 0},
		{MaxLifetime: 25 * time.Hour},
		{MaxLifetime: time.Minute, TokenRequests: -1},
	} {
		if l.Check() == nil {
			t.Errorf("Check accepted %+v", l)
		}
	}
}

func TestClockSkew(t *testing.T) {
	for _, tt := range []struct {
		name   string
		limits *auth.Limits
		ahead  time.Duration // how far the client's clock runs ahead
		ok     bool
	}{
		{"default, 50 s ahead", nil, 50 * time.Second, true},
		{"default, 2 minutes ahead", nil, 2 * time.Minute, false},
		{"no skew, 5 s ahead", &auth.Limits{MaxLifetime: auth.MaxLifetime}, 5 * time.Second, false},
		{"10 minutes of skew, 9 minutes ahead", &auth.Limits{ClockSkew: 10 * time.Minute, MaxLifetime: auth.MaxLifetime}, 9 * time.Minute, true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			f := newLimitsFixture(t, tt.limits)
			iat := f.now.Add(tt.ahead)
			_, err := f.exchange(t, iat, iat.Add(10*time.Minute))
			if (err == nil) != tt.ok {
				t.Errorf("exchange: %v; want it to succeed: %v", err, tt.ok)
			}
		})
	}
}

func TestMaxLifetime(t *testing.T) {
	f := newLimitsFixture(t, nil)
	if _, err := f.exchange(t, f.now, f.now.Add(45*time.Minute)); wolfden.CodeOf(err) != wolfden.EInvalid {
		t.Errorf("a 45-minute auth token by default: %v, want EInvalid", err)
	}
	f = newLimitsFixture(t, &auth.Limits{ClockSkew: time.Minute, MaxLifetime: time.Hour})
	tok, err := f.exchange(t, f.now, f.now.Add(45*time.Minute))
	if err != nil || !tok.Expires.Equal(f.now.Add(45*time.Minute)) {
		t.Fatalf("a 45-minute auth token under an hour's limit: %v, %v", tok, err)
	}
}

// TestTokenRequests: under a cap, a token makes that many requests and is
// then refused; a new token starts afresh.
func TestTokenRequests(t *testing.T) {
	f := newLimitsFixture(t, &auth.Limits{ClockSkew: time.Minute, MaxLifetime: auth.MaxLifetime, TokenRequests: 3})
	tok, err := f.exchange(t, f.now, f.now.Add(10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if _, err := f.svc.Authenticate(context.Background(), tok.Token, nil); err != nil {
			t.Fatalf("request %d of 3: %v", i+1, err)
		}
	}
	if _, err := f.svc.Authenticate(context.Background(), tok.Token, nil); wolfden.CodeOf(err) != wolfden.EUnauthorized {
		t.Fatalf("the 4th request: %v, want EUnauthorized", err)
	}
	fresh, err := f.exchange(t, f.now, f.now.Add(10*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Authenticate(context.Background(), fresh.Token, nil); err != nil {
		t.Errorf("a new token: %v", err)
	}
}
