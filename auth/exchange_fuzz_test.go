package auth_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// FuzzExchange feeds the token exchange auth tokens with arbitrary headers
// and claims, signed with the application's secret or not, on every
// backend. Whatever it is given, Exchange answers a token or a 400 or 401
// (never an internal error), says nothing of the JWT library in its
// messages, and issues a token only for a proof the API accepts: HS256
// with the right secret, the right iss, tid and sub, numeric exp and iat
// at most 30 minutes apart, not expired, a jti not used before.
func FuzzExchange(f *testing.F) {
	now := time.Date(2026, 12, 6, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	type service struct {
		svc     *auth.Service
		tenant  *wolfden.Tenant
		app     *wolfden.Application
		backend string
	}
	var services []service
	for _, b := range sqltest.Backends() {
		store := b.Open(f)
		tn, app, err := wolfden.NewTenant("A", now)
		if err != nil {
			f.Fatal(err)
		}
		if err := store.CreateTenant(context.Background(), tn, app); err != nil {
			f.Fatal(err)
		}
		services = append(services, service{auth.New(store, auth.Options{Now: clock}), tn, app, b.Name})
	}
	tid, sub := services[0].tenant.ID.String(), services[0].app.ID.String()
	valid := fmt.Sprintf(`{"exp":%d,"iat":%d,"iss":"http://cylance.com","sub":%q,"tid":%q,"jti":"%s"}`,
		now.Add(20*time.Minute).Unix(), now.Unix(), sub, tid, "JTI")
	for _, seed := range []struct {
		header, claims string
		signed         bool
	}{
		{`{"alg":"HS256","typ":"JWT"}`, valid, true},
		{`{"alg":"HS256","typ":"JWT"}`, valid, false},
		{`{"alg":"none"}`, valid, false},
		{`{"alg":"HS256"}`, strings.Replace(valid, `"exp":`, `"exp":"`, 1), true},
		{`{"alg":"HS256"}`, strings.Replace(valid, `"JTI"`, `"a\u0000b"`, 1), true},
		{`{"alg":"HS256"}`, strings.Replace(valid, `"JTI"`, `"\udc00"`, 1), true},
		{`{"alg":"HS256"}`, strings.Replace(valid, `"JTI"`, `["x"]`, 1), true},
		{`{"alg":"HS256"}`, strings.Replace(valid, `"iss":"http://cylance.com"`, `"iss":"x","scp":["device:read",1]`, 1), true},
		{`{"alg":"HS256"}`, strings.Replace(valid, `"iat":`, `"iat":1e400,"x":`, 1), true},
		{`{"alg":"HS256"}`, `[]`, true},
		{`null`, `{}`, true},
	} {
		f.Add(seed.header, seed.claims, seed.signed)
	}

	b64 := base64.RawURLEncoding.EncodeToString
	f.Fuzz(func(t *testing.T, header, claims string, signed bool) {
		for _, s := range services {
			// Every backend gets its own tenant's ids in the claims.
			c := strings.NewReplacer(tid, s.tenant.ID.String(), sub, s.app.ID.String()).Replace(claims)
			c = strings.ReplaceAll(c, `"JTI"`, fmt.Sprintf("%q", uuid.NewString()))
			input := b64([]byte(header)) + "." + b64([]byte(c))
			secret := []byte("not the secret")
			if signed {
				secret = []byte(s.app.Secret)
			}
			mac := hmac.New(sha256.New, secret)
			mac.Write([]byte(input))
			token := input + "." + b64(mac.Sum(nil))

			got, err := s.svc.Exchange(context.Background(), token, nil)
			if err != nil {
				checkRefusal(t, s.backend, err, header+c)
				continue
			}
			checkAccepted(t, s.backend, header, c, signed, got, s.tenant.ID, s.app.ID, now)
		}
	})
}

// checkRefusal holds a refused exchange to a 400 or a 401 that names
// nothing of the JWT library. A message may quote the client's own input,
// so a leak marker the input itself holds ("*" as an alg) is no leak.
func checkRefusal(t *testing.T, backend string, err error, input string) {
	t.Helper()
	var e *wolfden.Error
	if !errors.As(err, &e) || (e.Code != wolfden.EInvalid && e.Code != wolfden.EUnauthorized) {
		t.Fatalf("%s: Exchange failed with %v (code %s), want a 400 or a 401", backend, err, wolfden.CodeOf(err))
	}
	for _, leak := range []string{"jwt.", "json:", "*", "token is malformed", "golang"} {
		if strings.Contains(e.Message, leak) && !strings.Contains(input, leak) {
			t.Fatalf("%s: the message %q shows %q", backend, e.Message, leak)
		}
	}
}

// checkAccepted holds an issued token to a proof the API accepts.
func checkAccepted(t *testing.T, backend, header, claims string, signed bool, got *auth.AccessToken,
	tenant, app uuid.UUID, now time.Time) {
	t.Helper()
	var h struct {
		Alg string `json:"alg"`
	}
	var c struct {
		Exp, Iat json.Number
		Iss      string
		Sub, Tid string
	}
	d := json.NewDecoder(strings.NewReader(claims))
	d.UseNumber()
	if json.Unmarshal([]byte(header), &h) != nil || h.Alg != "HS256" || !signed || d.Decode(&c) != nil {
		t.Fatalf("%s: a token was issued for header %s, claims %s, signed %v", backend, header, claims, signed)
	}
	exp, errExp := c.Exp.Float64()
	iat, errIat := c.Iat.Float64()
	if errExp != nil || errIat != nil || exp-iat > 1800 || exp-iat <= 0 || exp <= float64(now.Unix()) ||
		c.Iss != auth.ClientIssuer || !strings.EqualFold(c.Tid, tenant.String()) || !strings.EqualFold(c.Sub, app.String()) {
		t.Fatalf("%s: a token was issued for claims %s", backend, claims)
	}
	if got.Principal.TenantID != tenant || got.Principal.AppID != app || got.Expires.After(now.Add(auth.MaxLifetime)) {
		t.Fatalf("%s: issued %+v", backend, got)
	}
}
