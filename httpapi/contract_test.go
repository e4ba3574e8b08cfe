package httpapi_test

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
	"github.com/wolfden/wolfden/store"
)

func TestNotFoundAndNotImplemented(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		for _, tt := range []struct {
			method, path string
			status       int
			want         string
		}{
			{"GET", "/nothing/here", 404, "/nothing/here"},
			{"GET", "/users/v3", 404, ""},
			{"POST", "/users/v2/" + uuid.NewString() + "/invite", 404, "not found"},
			{"GET", "/devices/v2/" + uuid.NewString() + "/threats", 404, "not found"},
			{"GET", "/control/v1/tenants/" + uuid.NewString() + "/devices", 404, ""}, // no admin token: no control plane
			{"PUT", "/users/v2/not-an-id", 404, ""},
			{"DELETE", "/users/v2/nobody@example.org", 404, ""},
			{"PATCH", "/users/v2/" + uuid.NewString(), 501, "PATCH"},
			{"DELETE", "/users/v2", 501, "DELETE /users/v2"},
			{"GET", "/auth/v2/token", 501, "GET /auth/v2/token"},
			{"PATCH", "/policies/v2", 501, "PATCH /policies/v2"},
			{"DELETE", "/devices/v2/inactive/settings", 501, "DELETE /devices/v2/inactive/settings"},
			{"PUT", "/detections/v2", 501, "PUT /detections/v2"},
			{"PATCH", "/foci/v2/ABC/results", 501, "PATCH"},
			{"PATCH", "/opticsPolicies/v2/configurations", 501, "PATCH"},
			{"DELETE", "/public/v2/us/reports/list", 501, "DELETE"},
			{"PATCH", "/public/eu/users/" + uuid.NewString(), 501, "PATCH"},
			{"GET", "/public/v2/moon/tenants/list", 404, "moon"},
			{"GET", "/public/moon/reports/list", 404, "moon"},
		} {
			t.Run(tt.method+" "+tt.path, func(t *testing.T) {
				res := h.sub(t).do(tt.method, tt.path, tok, nil).want(tt.status)
				if msg := res.field("message"); !strings.Contains(msg, tt.want) {
					t.Errorf("message %q does not mention %q", msg, tt.want)
				}
			})
		}
	})
}

func TestBodyLimit(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		huge := `{"email": "a@example.org", "first_name": "` + strings.Repeat("x", 2<<20) + `"}`
		h.do(http.MethodPost, "/users/v2", tok, huge).want(http.StatusRequestEntityTooLarge)
		h.do(http.MethodPost, "/auth/v2/token", "", huge).want(http.StatusRequestEntityTooLarge)
		// Nothing was stored, and the server goes on.
		if n := h.do(http.MethodGet, "/users/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("total_number_of_items = %v after a refused body", n)
		}
	})
}

// flood sends a request until it is refused, at most 20 times (the tests'
// rate is 5/s, bursts of 5), and checks the refusal is a 429 with a
// Retry-After in whole seconds.
func (h *harness) flood(method, path, token string) {
	h.t.Helper()
	for range 20 {
		res := h.do(method, path, token, nil)
		if res.status == http.StatusOK {
			continue
		}
		res.want(http.StatusTooManyRequests)
		if s, err := strconv.Atoi(res.header.Get("Retry-After")); err != nil || s < 1 {
			h.t.Errorf("Retry-After = %q, want a positive number of seconds", res.header.Get("Retry-After"))
		}
		return
	}
	h.t.Fatalf("%s %s: 20 requests at rate 5/s, burst 5: none was limited", method, path)
}

func TestRateLimitIsPerTenant(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{rateLimit: 5})
		a, other := h.newTenant("A"), h.newTenant("B")
		tokA := h.token(a) // the exchange itself counts against A
		h.flood(http.MethodGet, "/users/v2", tokA)
		// Tenant B is not throttled by A's flood, neither for its token nor its calls.
		tokB := h.token(other)
		h.do(http.MethodGet, "/users/v2", tokB, nil).want(200)
	})
}

// faultyStore serves a real store but fails in ways no handler expects.
type faultyStore struct{ store.Store }

func (f faultyStore) ForTenant(id uuid.UUID) store.TenantStore {
	return faultyTenant{f.Store.ForTenant(id)}
}

type faultyTenant struct{ store.TenantStore }

func (faultyTenant) Users(context.Context, wolfden.PageRequest) (wolfden.Page[wolfden.User], error) {
	panic("injected fault")
}

func (faultyTenant) UserByEmail(context.Context, string) (*wolfden.User, error) {
	return nil, errors.New("connection reset; dsn=postgres://admin:hunter2@db")
}

func TestUnexpectedFailuresAre500s(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{wrap: func(s store.Store) store.Store { return faultyStore{s} }})
		tok := h.token(h.newTenant("A"))

		// Concurrent panics: each is a JSON 500 and the server keeps serving.
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				res := h.do(http.MethodGet, "/users/v2", tok, nil)
				if res.status != 500 {
					t.Errorf("status %d, want 500", res.status)
				}
			})
		}
		wg.Wait()
		res := h.do(http.MethodGet, "/users/v2", tok, nil).want(500)
		id := res.field("request_id")
		if id == "" || id != res.header.Get("X-Request-Id") {
			t.Fatalf("request_id %q, X-Request-Id %q", id, res.header.Get("X-Request-Id"))
		}
		if log := h.log.String(); !strings.Contains(log, id) || !strings.Contains(log, "injected fault") {
			t.Errorf("the log does not hold the request id %s and the panic:\n%s", id, log)
		}

		res = h.do(http.MethodGet, "/users/v2/someone@example.org", tok, nil).want(500)
		if strings.Contains(string(res.body), "hunter2") {
			t.Errorf("a 500 leaks its cause to the client: %s", res.body)
		}
		h.do(http.MethodPost, "/users/v2", tok, map[string]string{
			"email": "ok@example.org", "user_role": string(wolfden.RoleAdministrator)}).want(200)
	})
}

func TestRateLimitIsPerPartner(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{rateLimit: 5})
		_, app := h.newPartner("Acme MSP")
		_, otherApp := h.newPartner("Other MSP")
		tok := h.partnerToken(app) // the exchange counts against the partner
		h.flood(http.MethodGet, "/public/v2/us/tenants/list", tok)
		h.partnerAuth("/public/v2/us/auth", app.ID.String(), app.Secret, "grant_type=client_credentials").want(429)
		// Another partner, and a tenant, go on.
		h.do(http.MethodGet, "/public/v2/us/tenants/list", h.partnerToken(otherApp), nil).want(200)
		h.do(http.MethodGet, "/users/v2", h.token(h.newTenant("A")), nil).want(200)
	})
}
