package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// throttled is the harness of these tests: three failures per address,
// then one a second.
var throttled = harnessOptions{adminToken: adminToken, authFailureRate: 1, authFailureBurst: 3}

// forwarded numbers the X-Forwarded-For addresses the tests make up.
var forwarded atomic.Int32

// sendWith sends a request with an Authorization header (none if empty)
// and a new X-Forwarded-For address each time, which the server must not
// trust for the client's address.
func (h *harness) sendWith(method, path, authorization, contentType, body string) *response {
	h.t.Helper()
	req, err := http.NewRequest(method, h.url+path, strings.NewReader(body))
	if err != nil {
		h.t.Fatal(err)
	}
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", forwarded.Add(1)%250))
	return h.send(req)
}

// wantThrottled checks one credential's throttle: three failures are 401s;
// then a failure and even a good credential are 429s with Retry-After,
// unchecked; a second later one try is let through, and a success takes
// nothing from it.
func wantThrottled(t *testing.T, h *harness, attempt func(good bool) *response) {
	t.Helper()
	for range 3 {
		attempt(false).want(http.StatusUnauthorized)
	}
	for _, good := range []bool{false, true} {
		if res := attempt(good).want(http.StatusTooManyRequests); res.header.Get("Retry-After") != "1" {
			t.Errorf("Retry-After %q, want 1", res.header.Get("Retry-After"))
		}
	}
	h.clock.Advance(time.Second)
	attempt(true).want(http.StatusOK)
	attempt(true).want(http.StatusOK)
	attempt(false).want(http.StatusUnauthorized)
	attempt(false).want(http.StatusTooManyRequests)
}

func TestAuthFailureThrottle(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		t.Run("access token", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			a := h.newTenant("A")
			known, fresh := h.token(a), h.token(a)
			h.do(http.MethodGet, "/users/v2", known, nil).want(200)
			wantThrottled(t, h, func(good bool) *response {
				tok := fresh + "x"
				if good {
					tok = fresh
				}
				return h.sendWith(http.MethodGet, "/users/v2", "Bearer "+tok, "", "")
			})
			// A token verified before is not held up by the address's failures.
			h.do(http.MethodGet, "/users/v2", known, nil).want(200)
			log := h.log.String()
			if !strings.Contains(log, "level=WARN msg=\"authentication failed\"") || strings.Contains(log, fresh) {
				t.Errorf("the log does not warn of the failures, or holds a token: %s", log)
			}
			// A refusal for a flood is a warning, whose lines LimitLog bounds.
			if !regexp.MustCompile(`level=WARN msg=request .*status=429`).MatchString(log) {
				t.Errorf("the access log of a 429 is not a warning: %s", log)
			}
		})

		t.Run("token exchange", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			a := h.newTenant("A")
			wantThrottled(t, h, func(good bool) *response {
				secret := "wrong"
				if good {
					secret = a.app.Secret
				}
				body, _ := json.Marshal(map[string]string{"auth_token": sign(t, h.claims(a), secret)})
				return h.sendWith(http.MethodPost, "/auth/v2/token", "", "application/json", string(body))
			})
		})

		t.Run("partner exchange", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			_, app := h.newPartner("MSP")
			wantThrottled(t, h, func(good bool) *response {
				secret := "wrong"
				if good {
					secret = app.Secret
				}
				req, _ := http.NewRequest(http.MethodPost, "/", nil)
				req.SetBasicAuth(app.ID.String(), secret)
				return h.sendWith(http.MethodPost, "/public/v2/us/auth", req.Header.Get("Authorization"),
					"application/x-www-form-urlencoded", "grant_type=client_credentials")
			})
			if strings.Contains(h.log.String(), app.Secret) {
				t.Errorf("the log holds the partner secret")
			}
		})

		t.Run("partner token", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			_, app := h.newPartner("MSP")
			tok := h.partnerToken(app)
			wantThrottled(t, h, func(good bool) *response {
				if good {
					return h.sendWith(http.MethodGet, "/public/v2/us/tenants/list", "Bearer "+tok, "", "")
				}
				return h.sendWith(http.MethodGet, "/public/v2/us/tenants/list", "Bearer "+tok+"x", "", "")
			})
		})

		t.Run("admin token", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			path := "/control/v1/tenants/" + h.newTenant("A").id.String() + "/devices"
			wantThrottled(t, h, func(good bool) *response {
				tok := "not-the-admin-token"
				if good {
					tok = adminToken
				}
				return h.sendWith(http.MethodPost, path, "Bearer "+tok, "application/json", `{"host_name": "h"}`)
			})
			if log := h.log.String(); strings.Contains(log, "not-the-admin-token") || strings.Contains(log, adminToken) {
				t.Errorf("the log holds an admin token: %s", log)
			}
		})

		t.Run("successes are never throttled", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			a := h.newTenant("A")
			for range 10 {
				h.do(http.MethodGet, "/users/v2", h.token(a), nil).want(200) // an exchange and a new token each time
				h.register(a, map[string]any{"host_name": "h"})
			}
		})

		t.Run("per address", func(t *testing.T) {
			h := newHarness(t, b, throttled)
			path := "/control/v1/tenants/" + h.newTenant("A").id.String() + "/devices"
			from := func(remote string) int {
				req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(`{"host_name": "h"}`))
				req.RemoteAddr = remote
				req.Header.Set("Authorization", "Bearer wrong-admin-token")
				rec := httptest.NewRecorder()
				h.server.ServeHTTP(rec, req)
				return rec.Code
			}
			for _, remote := range []string{"198.51.100.7:1000", "198.51.100.7:1001", "[::ffff:198.51.100.7]:1002"} {
				from(remote)
			}
			for remote, want := range map[string]int{
				"198.51.100.7:2000": http.StatusTooManyRequests, // the same IPv4 address, mapped or not
				"198.51.100.8:1000": http.StatusUnauthorized,
			} {
				if got := from(remote); got != want {
					t.Errorf("from %s: %d, want %d", remote, got, want)
				}
			}
			for _, remote := range []string{"[2001:db8:1:2::1]:1", "[2001:db8:1:2::2]:1", "[2001:db8:1:2:ffff::]:1"} {
				from(remote)
			}
			for remote, want := range map[string]int{
				"[2001:db8:1:2:aaaa::1]:1": http.StatusTooManyRequests, // the same /64
				"[2001:db8:1:3::1]:1":      http.StatusUnauthorized,
			} {
				if got := from(remote); got != want {
					t.Errorf("from %s: %d, want %d", remote, got, want)
				}
			}
		})
	})
}
