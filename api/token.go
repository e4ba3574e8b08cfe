package api

import (
	"net/http"

	"github.com/google/uuid"
	"github.com/wolfden/wolfden"
)

type tokenRequest struct {
	AuthToken string `json:"auth_token"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	// Not documented for this route; harmless, and handy for clients that
	// want to know when to renew (spec open question 18).
	ExpiresIn int    `json:"expires_in"`
	TokenType string `json:"token_type"`
}

// token is POST /auth/v2/token: a client's auth token for an access token.
func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	var req tokenRequest
	err := decodeJSON(r, &req)
	if err == nil && req.AuthToken == "" {
		err = wolfden.FieldErrorf("auth_token", "auth_token is required")
	}
	if err == nil {
		err = s.checkClient(r)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	admit := func(tenant uuid.UUID) error { return s.limiter.admit(tenant, s.now()) }
	at, err := s.auth.Exchange(r.Context(), req.AuthToken, admit)
	if wolfden.CodeOf(err) == wolfden.EUnauthorized {
		s.authFailed(r, err)
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	s.writeJSON(w, r, http.StatusOK, tokenResponse{
		AccessToken: at.Token,
		ExpiresIn:   int(at.Expires.Sub(s.now()).Seconds()),
		TokenType:   "Bearer",
	})
}
