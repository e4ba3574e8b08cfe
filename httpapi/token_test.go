package httpapi_test

import (
	"encoding/base64"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// refused is the answer to every auth token that fails to prove its
// application's identity.
const refused = "auth_token is refused: it is not signed with the secret of an application of the tenant it names, " +
	"or it has expired, is issued in the future, or was already used"

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
			{"alg unknown", func(c jwt.MapClaims) string {
				parts := strings.Split(sign(t, c, a.app.Secret), ".")
				return base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"XYZ"}`)) + "." + parts[1] + "." + parts[2]
			}, 400, "HS256"},
			{"not a JWT", func(jwt.MapClaims) string { return "not-a-jwt" }, 400, "not a JWT"},
			{"claims not JSON", func(jwt.MapClaims) string {
				parts := strings.Split(sign(t, jwt.MapClaims{}, a.app.Secret), ".")
				return parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte("[1]")) + "." + parts[2]
			}, 400, "claims are not"},
			{"signature not base64url", func(c jwt.MapClaims) string { return sign(t, c, a.app.Secret) + "!" }, 400, "signature"},
			{"wrong secret", func(c jwt.MapClaims) string { return sign(t, c, "wrong") }, 401, refused},
			{"tampered claims", func(c jwt.MapClaims) string {
				s := sign(t, c, a.app.Secret)
				c["tid"], c["sub"] = other.id.String(), other.app.ID.String()
				forged := strings.Split(sign(t, c, "x"), ".")
				parts := strings.Split(s, ".")
				return forged[0] + "." + forged[1] + "." + parts[2]
			}, 401, refused},
			{"expired", func(c jwt.MapClaims) string {
				c["iat"], c["exp"] = now.Add(-time.Hour).Unix(), now.Add(-31*time.Minute).Unix()
				return sign(t, c, a.app.Secret)
			}, 401, refused},
			{"lifetime over 1800 s", func(c jwt.MapClaims) string {
				c["exp"] = now.Add(30*time.Minute + time.Second).Unix()
				return sign(t, c, a.app.Secret)
			}, 400, "lifetime"},
			{"iat in the future", func(c jwt.MapClaims) string {
				c["iat"], c["exp"] = now.Add(10*time.Minute).Unix(), now.Add(20*time.Minute).Unix()
				return sign(t, c, a.app.Secret)
			}, 401, refused},
			{"wrong iss", func(c jwt.MapClaims) string { c["iss"] = "http://example.com"; return sign(t, c, a.app.Secret) }, 400, "iss"},
			{"unknown app", func(c jwt.MapClaims) string { c["sub"] = uuid.NewString(); return sign(t, c, a.app.Secret) }, 401, refused},
			{"app of another tenant", func(c jwt.MapClaims) string {
				c["sub"] = other.app.ID.String()
				return sign(t, c, other.app.Secret)
			}, 401, refused},
			{"unknown tenant", func(c jwt.MapClaims) string { c["tid"] = uuid.NewString(); return sign(t, c, a.app.Secret) }, 401, refused},
			{"jti too long", func(c jwt.MapClaims) string { c["jti"] = strings.Repeat("j", 257); return sign(t, c, a.app.Secret) }, 400, "jti"},
			{"exp as a string", func(c jwt.MapClaims) string { c["exp"] = "soon"; return sign(t, c, a.app.Secret) }, 400, "exp must be a number"},
			{"tid as a number", func(c jwt.MapClaims) string { c["tid"] = 5; return sign(t, c, a.app.Secret) }, 400, "tid must be a string, not a number"},
			{"scp of numbers", func(c jwt.MapClaims) string { c["scp"] = []int{1}; return sign(t, c, a.app.Secret) }, 400, "scp must be a string or an array of strings, not an array"},
			{"exp past float64", func(c jwt.MapClaims) string {
				parts := strings.Split(sign(t, c, a.app.Secret), ".")
				claims := fmt.Sprintf(`{"exp":1e400,"iat":1,"iss":"http://cylance.com","sub":%q,"tid":%q,"jti":"j"}`, a.app.ID, a.id)
				return parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + "." + parts[2]
			}, 400, "out of range"},
		}
		// RFC 7519's NumericDate is a JSON number: a string holding one is
		// refused, however valid the number in it.
		for _, claim := range []string{"exp", "iat", "nbf"} {
			tests = append(tests, struct {
				name   string
				token  func(c jwt.MapClaims) string
				status int
				want   string
			}{claim + " as a numeric string", func(c jwt.MapClaims) string {
				c[claim] = strconv.FormatInt(now.Unix()+60, 10)
				return sign(t, c, a.app.Secret)
			}, 400, claim + " must be a number, not a string"})
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
				// Every failed proof answers the same words, which tell
				// nothing of which applications and tenants exist.
				if tt.status == 401 && msg != "Unauthorized: "+refused {
					t.Errorf("401 message %q, want the one for every failed proof", msg)
				}
				if strings.Contains(msg, "Go ") || strings.Contains(msg, "json:") || strings.Contains(msg, "malformed") ||
					strings.Contains(msg, "unverifiable") {
					t.Errorf("message %q passes on a library's error", msg)
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
		if res.field("message") != "Unauthorized: "+refused {
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
