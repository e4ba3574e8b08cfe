package rest

import (
	"context"
	"net/http"
	"strings"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/store"
)

// Authenticate admits requests that carry a valid access token, within
// their tenant's rate, and puts the principal in the request context. A
// token not verified before is refused, unchecked, from an address that
// failed too often.
func (s *Core) Authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := BearerToken(r)
		if !ok {
			s.WriteError(w, r, wolfden.Errorf(wolfden.EUnauthorized, "send Authorization: Bearer <access_token>"))
			return
		}
		p, err := s.Auth.Authenticate(r.Context(), token, func() error { return s.CheckClient(r) })
		if wolfden.CodeOf(err) == wolfden.EUnauthorized {
			s.AuthFailed(r, err)
		}
		if err == nil {
			NoteTenant(r, p.TenantID, p.AppID)
			err = s.Limiter.Admit(p.TenantID, s.Now())
		}
		if err != nil {
			s.WriteError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey, p)))
	})
}

// Operation is an API route's handler: it writes its success and returns
// any failure for writeError.
type Operation func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error

// Op adapts an operation into an authenticated route that needs one of
// scopes, and hands it the caller's tenant — the only tenant it can reach.
func (s *Core) Op(fn Operation, scopes ...wolfden.Scope) http.Handler {
	return s.Authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := Principal(r)
		if s.Fault(w, r, faults.Identity{TenantID: p.TenantID, AppID: p.AppID}) {
			return
		}
		if !p.HasAny(scopes...) {
			names := make([]string, len(scopes))
			for i, sc := range scopes {
				names[i] = string(sc)
			}
			s.WriteError(w, r, wolfden.Errorf(wolfden.EForbidden, "the access token lacks the scope %s", strings.Join(names, " or ")))
			return
		}
		if err := fn(w, r, s.Store.ForTenant(p.TenantID)); err != nil {
			s.WriteError(w, r, err)
		}
	}))
}

// Principal is the caller of an authenticated route.
func Principal(r *http.Request) *wolfden.Principal {
	return r.Context().Value(principalKey).(*wolfden.Principal)
}
