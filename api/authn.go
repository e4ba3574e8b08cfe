package api

import (
	"context"
	"net/http"
	"strings"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// authenticate admits requests that carry a valid access token, within
// their tenant's rate, and puts the principal in the request context. A
// token not verified before is refused, unchecked, from an address that
// failed too often.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token, ok := bearerToken(r)
		if !ok {
			s.writeError(w, r, wolfden.Errorf(wolfden.EUnauthorized, "send Authorization: Bearer <access_token>"))
			return
		}
		p, err := s.auth.Authenticate(r.Context(), token, func() error { return s.checkClient(r) })
		if wolfden.CodeOf(err) == wolfden.EUnauthorized {
			s.authFailed(r, err)
		}
		if err == nil {
			err = s.limiter.admit(p.TenantID, s.now())
		}
		if err != nil {
			s.writeError(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), principalKey, p)))
	})
}

// operation is an API route's handler: it writes its success and returns
// any failure for writeError.
type operation func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error

// op adapts an operation into an authenticated route that needs one of
// scopes, and hands it the caller's tenant — the only tenant it can reach.
func (s *Server) op(fn operation, scopes ...wolfden.Scope) http.Handler {
	return s.authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		if !p.HasAny(scopes...) {
			names := make([]string, len(scopes))
			for i, sc := range scopes {
				names[i] = string(sc)
			}
			s.writeError(w, r, wolfden.Errorf(wolfden.EForbidden, "the access token lacks the scope %s", strings.Join(names, " or ")))
			return
		}
		if err := fn(w, r, s.store.ForTenant(p.TenantID)); err != nil {
			s.writeError(w, r, err)
		}
	}))
}

// principal is the caller of an authenticated route.
func principal(r *http.Request) *wolfden.Principal {
	return r.Context().Value(principalKey).(*wolfden.Principal)
}
