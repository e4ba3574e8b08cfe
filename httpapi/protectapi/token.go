package protectapi

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/metrics"
)

type tokenRequest struct {
	AuthToken string `json:"auth_token"`
}

// Token is POST /auth/v2/token: a client's auth token for an access token.
func (s *Handlers) Token(w http.ResponseWriter, r *http.Request) {
	issued := false
	defer func() { s.Metrics.TokenExchange(metrics.ExchangeTenant, issued) }()
	var req tokenRequest
	err := rest.DecodeJSON(r, &req)
	if err == nil && req.AuthToken == "" {
		err = wolfden.FieldErrorf("auth_token", "auth_token is required")
	}
	if err == nil {
		err = s.CheckClient(r)
	}
	if err != nil {
		s.WriteError(w, r, err)
		return
	}
	admit := func(tenant uuid.UUID) error { return s.Limiter.Admit(tenant, s.Now()) }
	at, err := s.Auth.Exchange(r.Context(), req.AuthToken, admit)
	if err == nil {
		rest.NoteTenant(r, at.Principal.TenantID, at.Principal.AppID)
	}
	if wolfden.CodeOf(err) == wolfden.EUnauthorized {
		s.AuthFailed(r, err)
	}
	if err != nil {
		s.WriteError(w, r, err)
		return
	}
	issued = true
	s.WriteJSON(w, r, http.StatusOK, rest.TokenResponse{
		AccessToken: at.Token,
		ExpiresIn:   int(at.Expires.Sub(s.Now()).Seconds()),
		TokenType:   "Bearer",
	})
}
