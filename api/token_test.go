package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestTokenExchange(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a, other := h.newTenant("A"), h.newTenant("B")
		now := h.clock.Now()

		tests := []struct {
			name string
			// token builds the auth_token from valid claims.
			token  func(c jwt.MapClaims) string
			status int
			want   string // in the message
		}{
			{"valid", func(c jwt.MapClaims) string { return sign(t, c, a.app.Secret) }, 200, ""},
			// Exchanged once, B's application is known to the server: it must
			// still be refused under A's tenant id (the application cache is
			// per tenant).
			{"valid in another tenant", func(c jwt.MapClaims) string {
				c["tid"], c["sub"] = other.id.String(), other.app.ID.String()
				return sign(t, c, other.app.Secret)
			}, 200, ""},
			{"alg none", func(c jwt.MapClaims) string {
				s, _ := jwt.NewWithClaims(jwt.SigningMethodNone, c).SignedString(jwt.UnsafeAllowNoneSignatureType)
				return s
			}, 400, "HS256"},
			{"alg HS512", func(c jwt.MapClaims) string {
				s, _ := jwt.NewWithClaims(jwt.SigningMethodHS512, c).SignedString([]byte(a.app.Secret))
				return s
			}, 400, "HS256"},
			{"not a JWT", func(jwt.MapClaims) string { return "not-a-jwt" }, 400, "not a valid JWT"},
			{"wrong secret", func(c jwt.MapClaims) string { return sign(t, c, "wrong") }, 401, "signature"},
			{"tampered claims", func(c jwt.MapClaims) string {
				s := sign(t, c, a.app.Secret)
				c["tid"], c["sub"] = other.id.String(), other.app.ID.String()
				forged := strings.Split(sign(t, c, "x"), ".")
				parts := strings.Split(s, ".")
				return forged[0] + "." + forged[1] + "." + parts[2]
			}, 401, "signature"},
			{"expired", func(c jwt.MapClaims) string {
				c["iat"], c["exp"] = now.Add(-time.Hour).Unix(), now.Add(-31*time.Minute).Unix()
				return sign(t, c, a.app.Secret)
			}, 401, "expired"},
			{"lifetime over 1800 s", func(c jwt.MapClaims) string {
				c["exp"] = now.Add(30*time.Minute + time.Second).Unix()
				return sign(t, c, a.app.Secret)
			}, 400, "lifetime"},
			{"iat in the future", func(c jwt.MapClaims) string {
				c["iat"], c["exp"] = now.Add(10*time.Minute).Unix(), now.Add(20*time.Minute).Unix()
				return sign(t, c, a.app.Secret)
			}, 401, "future"},
			{"wrong iss", func(c jwt.MapClaims) string { c["iss"] = "http://example.com"; return sign(t, c, a.app.Secret) }, 400, "iss"},
			{"unknown app", func(c jwt.MapClaims) string { c["sub"] = uuid.NewString(); return sign(t, c, a.app.Secret) }, 401, "not an application"},
			{"app of another tenant", func(c jwt.MapClaims) string {
				c["sub"] = other.app.ID.String()
				return sign(t, c, other.app.Secret)
			}, 401, "not an application"},
			{"unknown tenant", func(c jwt.MapClaims) string { c["tid"] = uuid.NewString(); return sign(t, c, a.app.Secret) }, 401, "not an application"},
			{"jti too long", func(c jwt.MapClaims) string { c["jti"] = strings.Repeat("j", 257); return sign(t, c, a.app.Secret) }, 400, "jti"},
			{"exp as a string", func(c jwt.MapClaims) string { c["exp"] = "soon"; return sign(t, c, a.app.Secret) }, 400, "JWT"},
		}
		for _, claim := range []string{"exp", "iat", "iss", "sub", "tid", "jti"} {
			tests = append(tests, struct {
				name   string
				token  func(c jwt.MapClaims) string
				status int
				want   string
			}{"missing " + claim, func(c jwt.MapClaims) string { delete(c, claim); return sign(t, c, a.app.Secret) }, 400, claim})
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := h.sub(t)
				res := h.do(http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": tt.token(h.claims(a))})
				res.want(tt.status)
				msg := res.field("message")
				if !strings.Contains(msg, tt.want) {
					t.Errorf("message %q does not mention %q", msg, tt.want)
				}
				if tt.status == 401 && !strings.Contains(msg, "Unauthorized") {
					t.Errorf("401 message %q lacks the word Unauthorized", msg)
				}
			})
		}
	})
}

func TestTokenRequestBody(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		for _, tt := range []struct {
			name, body, field string
		}{
			{"empty", "", ""},
			{"malformed", `{"auth_token": `, "auth_token"},
			{"wrong type", `{"auth_token": 5}`, "auth_token"},
			{"missing", `{}`, "auth_token"},
			{"array", `[]`, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				h := h.sub(t)
				res := h.do(http.MethodPost, "/auth/v2/token", "", tt.body).want(400)
				if got := res.field("field"); got != tt.field {
					t.Errorf("field = %q, want %q (%s)", got, tt.field, res.body)
				}
			})
		}
	})
}

func TestReplayedJTI(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		body := map[string]string{"auth_token": sign(t, h.claims(a), a.app.Secret)}
		h.do(http.MethodPost, "/auth/v2/token", "", body).want(200)
		res := h.do(http.MethodPost, "/auth/v2/token", "", body).want(401)
		if !strings.Contains(res.field("message"), "already used") {
			t.Errorf("message = %q", res.field("message"))
		}
	})
}

func TestRequestedScopes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		newUser := map[string]any{"email": "x@example.org", "user_role": "00000000-0000-0000-0000-000000000002"}
		for _, tt := range []struct {
			name         string
			scp          any
			list, create int
		}{
			{"absent: every privilege", nil, 200, 200},
			{"comma string with spaces", "user:list, device:read", 200, 403},
			{"JSON array (XSOAR)", []string{"user:create", "user:list"}, 200, 200},
			{"unknown names ignored", "user:list,bogus:thing", 200, 403},
			{"only unknown names: nothing", "bogus:thing", 403, 403},
		} {
			t.Run(tt.name, func(t *testing.T) {
				h := h.sub(t)
				c := h.claims(a)
				if tt.scp != nil {
					c["scp"] = tt.scp
				}
				tok := h.tokenFor(c, a.app.Secret)
				h.do(http.MethodGet, "/users/v2", tok, nil).want(tt.list)
				newUser["email"] = uuid.NewString() + "@example.org"
				h.do(http.MethodPost, "/users/v2", tok, newUser).want(tt.create)
			})
		}
		// An application's privileges bound what any token of it can do.
		reader := h.newApp(a, "user:read", "user:list")
		tok := h.token(reader)
		h.do(http.MethodGet, "/users/v2", tok, nil).want(200)
		res := h.do(http.MethodPost, "/users/v2", tok, newUser).want(403)
		if !strings.Contains(res.field("message"), "user:create") {
			t.Errorf("403 message %q does not name the scope", res.field("message"))
		}
	})
}

func TestAccessTokens(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		// The API notices a key rotated elsewhere at once.
		h := newHarness(t, b, harnessOptions{keyRefresh: time.Nanosecond})
		a := h.newTenant("A")
		tok := h.token(a)
		h.do(http.MethodGet, "/users/v2", tok, nil).want(200)

		parts := strings.Split(tok, ".")
		tampered := parts[0] + "." + parts[1] + "x." + parts[2]
		foreign, _ := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
			"iss": "wolfden", "sub": a.app.ID.String(), "tid": a.id.String(),
			"scp": "ffffffffffffffffffffffffffffffff", "exp": h.clock.Now().Add(time.Hour).Unix(),
		}).SignedString([]byte("some other key"))
		for _, tt := range []struct{ name, header string }{
			{"missing", ""},
			{"not bearer", "Basic " + tok},
			{"malformed", "Bearer abc"},
			{"tampered", "Bearer " + tampered},
			{"signed by another key", "Bearer " + foreign},
			{"client auth token instead", "Bearer " + sign(t, h.claims(a), a.app.Secret)},
		} {
			t.Run(tt.name, func(t *testing.T) {
				req, _ := http.NewRequest(http.MethodGet, h.url+"/users/v2", nil)
				if tt.header != "" {
					req.Header.Set("Authorization", tt.header)
				}
				res, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != 401 {
					t.Fatalf("status %d, want 401", res.StatusCode)
				}
			})
		}

		t.Run("expired", func(t *testing.T) {
			h := h.sub(t)
			tok := h.token(a)
			h.do(http.MethodGet, "/users/v2", tok, nil).want(200) // verified once, and remembered
			h.clock.Advance(30*time.Minute + time.Second)
			res := h.do(http.MethodGet, "/users/v2", tok, nil).want(401)
			if !strings.Contains(res.field("message"), "Unauthorized") {
				t.Errorf("message = %q", res.field("message"))
			}
		})

		t.Run("key rotation", func(t *testing.T) {
			h := h.sub(t)
			before := h.token(a)
			h.do(http.MethodGet, "/users/v2", before, nil).want(200) // verified once, and remembered
			// Rotated by another process on the same database (the CLI).
			if err := auth.New(h.store, auth.Options{}).RotateKey(t.Context()); err != nil {
				t.Fatal(err)
			}
			h.do(http.MethodGet, "/users/v2", before, nil).want(401)
			h.do(http.MethodGet, "/users/v2", h.token(a), nil).want(200)
		})
	})
}
