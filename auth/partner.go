package auth

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
)

// PartnerTokenLifetime is how long a partner token lives, answered as
// expires_in: 3600 (docs/api/partner.md).
const PartnerTokenLifetime = time.Hour

// partnerIssuer is the iss claim of partner tokens.
const partnerIssuer = "wolfden-partner"

// partnerClaims are the claims of a partner token.
type partnerClaims struct {
	jwt.RegisteredClaims
	PartnerID string `json:"pid"`
}

// PartnerToken is an issued partner token.
type PartnerToken struct {
	Token     string
	Expires   time.Time
	Principal partner.Principal
}

// refusedPartner is the one answer to every failed partner exchange.
const refusedPartner = "the application id and secret do not match"

// PartnerExchange checks a partner application's id and secret (HTTP
// Basic on the partner auth route) and issues a partner token. Any
// mismatch is a *Refusal, with one message, so a caller cannot tell an
// unknown application from a wrong secret.
func (s *Service) PartnerExchange(ctx context.Context, appID, secret string) (*PartnerToken, error) {
	id, ok := wolfden.ParseID(appID)
	if !ok {
		return nil, refused(refusedPartner, "the application id is not an id")
	}
	app, err := s.store.PartnerApplication(ctx, id)
	if wolfden.CodeOf(err) == wolfden.ENotFound {
		return nil, refused(refusedPartner, "%s is not a partner application", id)
	}
	if err != nil {
		return nil, err
	}
	if subtle.ConstantTimeCompare([]byte(secret), []byte(app.Secret)) != 1 {
		return nil, refused(refusedPartner, "the secret of partner application %s is wrong", id)
	}
	now := s.now()
	p := partner.Principal{PartnerID: app.PartnerID, AppID: app.ID}
	expires := now.Add(PartnerTokenLifetime)
	signed, err := s.sign(ctx, partnerClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer: partnerIssuer, Subject: app.ID.String(), ID: rand.Text(),
			IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(expires),
		},
		PartnerID: app.PartnerID.String(),
	})
	if err != nil {
		return nil, err
	}
	return &PartnerToken{Token: signed, Expires: expires, Principal: p}, nil
}

// AuthenticatePartner verifies a partner token; a tenant access token is
// refused here. Any fault is EUnauthorized.
func (s *Service) AuthenticatePartner(ctx context.Context, token string) (*partner.Principal, error) {
	var claims partnerClaims
	if err := s.verify(ctx, token, partnerIssuer, &claims); err != nil {
		return nil, err
	}
	partnerID, ok1 := wolfden.ParseID(claims.PartnerID)
	appID, ok2 := wolfden.ParseID(claims.Subject)
	if !ok1 || !ok2 {
		return nil, unauthorized("invalid access token")
	}
	return &partner.Principal{PartnerID: partnerID, AppID: appID}, nil
}

// TenantToken issues a tenant access token, holding every scope, for a
// partner's application to use on one of its tenants (the partner API's
// tenant-app route). That the tenant is the partner's is for the caller
// to have checked.
func (s *Service) TenantToken(ctx context.Context, partnerApp, tenantID uuid.UUID) (*AccessToken, error) {
	p := wolfden.Principal{TenantID: tenantID, AppID: partnerApp, Scopes: wolfden.NewScopeSet(wolfden.AllScopes...)}
	return s.issue(ctx, p, s.now().Add(s.limits.MaxLifetime))
}
