// Package auth implements the API's token exchange (docs/api/auth.md): it
// verifies the HS256 JWT a client builds with its application secret, and
// issues and verifies the access tokens that every other route requires.
package auth

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

const (
	// MaxLifetime is the vendor's longest auth-token lifetime (exp - iat),
	// and access-token lifetime: the default of Limits.MaxLifetime.
	MaxLifetime = 30 * time.Minute
	// maxJTILen bounds the jti wolfden stores (clients send UUIDs).
	maxJTILen = 256
)

// Service exchanges and verifies tokens.
type Service struct {
	store    Store
	now      func() time.Time
	keys     *keyRing
	verified verifiedTokens
	apps     applications
	tenants  tenants
	limits   Limits
}

// Options tune a Service; the zero value is right for a server.
type Options struct {
	// Now is the clock (default time.Now).
	Now func() time.Time
	// KeyRefresh is how often the signing key is re-read from storage
	// (default 5 s).
	KeyRefresh time.Duration
	// Limits are the exchange's rules (nil: DefaultLimits); they must pass
	// Check.
	Limits *Limits
}

// New returns a Service on store.
func New(store Store, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.KeyRefresh == 0 {
		opts.KeyRefresh = 5 * time.Second
	}
	limits := DefaultLimits
	if opts.Limits != nil {
		limits = *opts.Limits
	}
	return &Service{
		store:  store,
		now:    opts.Now,
		keys:   &keyRing{store: store, now: opts.Now, refresh: opts.KeyRefresh},
		limits: limits,
	}
}

// AccessToken is an issued access token.
type AccessToken struct {
	Token     string
	Expires   time.Time
	Principal wolfden.Principal
}

var hs256 = jwt.SigningMethodHS256

// refusedExchange is the one answer to every failed proof of identity at
// the token exchange, whatever the cause, so that no answer tells which
// application and tenant pairs exist.
const refusedExchange = "auth_token is refused: it is not signed with the secret of an application of the tenant it names, " +
	"or it has expired, is issued in the future, or was already used"

// Exchange verifies a client's auth token and issues an access token.
// Structural faults (not a JWT, wrong alg, missing claims or claims of the
// wrong JSON type, wrong iss, a lifetime over 30 minutes) are EInvalid; a
// token that does not prove who it claims to be (unknown application, bad
// signature, expired, issued in the future, replayed) is a *Refusal, an
// EUnauthorized with one message whatever the cause (docs/api/auth.md).
//
// admit, when not nil, is asked once the token is proven and before its
// jti is spent; its error is returned as it is (rate limiting).
func (s *Service) Exchange(ctx context.Context, authToken string, admit func(tenantID uuid.UUID) error) (*AccessToken, error) {
	tok, err := parseClientToken(authToken)
	if err != nil {
		return nil, err
	}
	claims := &tok.claims
	tenantID, appID, err := checkClientClaims(claims, s.limits.MaxLifetime)
	if err != nil {
		return nil, err
	}

	app, err := s.apps.find(ctx, s.store, tenantID, appID)
	if wolfden.CodeOf(err) == wolfden.ENotFound {
		return nil, refused(refusedExchange, "application %s is not an application of tenant %s", appID, tenantID)
	}
	if err != nil {
		return nil, err
	}
	if err := hs256.Verify(tok.signingInput, tok.signature, []byte(app.Secret)); err != nil {
		return nil, refused(refusedExchange, "the signature does not verify with the secret of application %s", appID)
	}

	now := s.now()
	exp, iat := claims.ExpiresAt.Time, claims.IssuedAt.Time
	if !now.Before(exp) {
		return nil, refused(refusedExchange, "expired at %s", exp.UTC().Format(time.RFC3339))
	}
	if iat.After(now.Add(s.limits.ClockSkew)) {
		return nil, refused(refusedExchange, "issued in the future (iat %s)", iat.UTC().Format(time.RFC3339))
	}
	if admit != nil {
		if err := admit(tenantID); err != nil {
			return nil, err
		}
	}
	err = s.store.ForTenant(tenantID).UseTokenID(ctx, appID, claims.ID, now, exp)
	if wolfden.CodeOf(err) == wolfden.EConflict {
		return nil, refused(refusedExchange, "jti %q was already used", claims.ID)
	}
	if err != nil {
		return nil, err
	}

	principal := wolfden.Principal{TenantID: tenantID, AppID: appID, Scopes: app.Grant(claims.Scopes)}
	expires := now.Add(s.limits.MaxLifetime)
	if exp.Before(expires) {
		expires = exp
	}
	return s.issue(ctx, principal, expires)
}

func checkClientClaims(c *clientClaims, maxLifetime time.Duration) (tenantID, appID uuid.UUID, err error) {
	for _, claim := range []struct {
		name    string
		missing bool
	}{
		{"exp", c.ExpiresAt == nil}, {"iat", c.IssuedAt == nil}, {"iss", c.Issuer == ""},
		{"sub", c.Subject == ""}, {"tid", c.TenantID == ""}, {"jti", c.ID == ""},
	} {
		if claim.missing {
			return uuid.Nil, uuid.Nil, invalid("auth_token lacks the %s claim", claim.name)
		}
	}
	if len(c.ID) > maxJTILen {
		return uuid.Nil, uuid.Nil, invalid("auth_token jti is longer than %d bytes", maxJTILen)
	}
	if fault := wolfden.TextFault(c.ID); fault != "" {
		return uuid.Nil, uuid.Nil, invalid("auth_token jti %s", fault) // it is stored
	}
	if c.Issuer != ClientIssuer {
		return uuid.Nil, uuid.Nil, invalid("auth_token iss must be %q, not %q", ClientIssuer, c.Issuer)
	}
	lifetime := c.ExpiresAt.Sub(c.IssuedAt.Time)
	if lifetime <= 0 || lifetime > maxLifetime {
		return uuid.Nil, uuid.Nil, invalid("auth_token lifetime (exp - iat) is %s; it must be between 1 s and %s", lifetime, spoken(maxLifetime))
	}
	tenantID, ok := wolfden.ParseID(c.TenantID)
	if !ok {
		return uuid.Nil, uuid.Nil, invalid("auth_token tid %q is not a tenant id", c.TenantID)
	}
	appID, ok = wolfden.ParseID(c.Subject)
	if !ok {
		return uuid.Nil, uuid.Nil, invalid("auth_token sub %q is not an application id", c.Subject)
	}
	return tenantID, appID, nil
}

// issue signs an access token for p.
func (s *Service) issue(ctx context.Context, p wolfden.Principal, expires time.Time) (*AccessToken, error) {
	signed, err := s.sign(ctx, accessClaims{
		RegisteredClaims: jwt.RegisteredClaims{
			Issuer:    accessIssuer,
			Subject:   p.AppID.String(),
			IssuedAt:  jwt.NewNumericDate(s.now()),
			ExpiresAt: jwt.NewNumericDate(expires),
			ID:        rand.Text(),
		},
		TenantID: p.TenantID.String(),
		Scopes:   p.Scopes.String(),
	})
	if err != nil {
		return nil, err
	}
	return &AccessToken{Token: signed, Expires: expires, Principal: p}, nil
}

// Authenticate verifies an access token and returns who holds it. Any
// fault is EUnauthorized; a partner token is refused here.
//
// unverified, when not nil, is asked before a token that was not
// verified before is verified; its error is returned as it is (throttling
// of clients that fail, which a token already known to be good skips).
func (s *Service) Authenticate(ctx context.Context, token string, unverified func() error) (*wolfden.Principal, error) {
	key, err := s.keys.current(ctx)
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256([]byte(token))
	if e, ok := s.verified.get(digest, key.ID, s.now()); ok {
		return s.spend(e)
	}
	if unverified != nil {
		if err := unverified(); err != nil {
			return nil, err
		}
	}
	var claims accessClaims
	if err := s.verify(ctx, token, accessIssuer, &claims); err != nil {
		return nil, err
	}
	tenantID, ok1 := wolfden.ParseID(claims.TenantID)
	appID, ok2 := wolfden.ParseID(claims.Subject)
	scopes, ok3 := wolfden.ParseScopeSet(claims.Scopes)
	if !ok1 || !ok2 || !ok3 {
		return nil, unauthorized("invalid access token")
	}
	// A token outlives nothing it was issued for: its tenant must still
	// exist. The lookup is cached.
	if err := s.tenants.exists(ctx, s.store, tenantID); err != nil {
		if wolfden.CodeOf(err) == wolfden.ENotFound {
			return nil, unauthorized("invalid access token")
		}
		return nil, err
	}
	p := wolfden.Principal{TenantID: tenantID, AppID: appID, Scopes: scopes}
	e := verifiedToken{principal: p, keyID: key.ID, expires: claims.ExpiresAt.Time, requests: new(atomic.Int64)}
	s.verified.put(digest, e)
	return s.spend(e)
}

// verify checks a token wolfden signed with the current key for issuer.
// The issuer tells tenant tokens from partner tokens, so neither passes
// for the other.
func (s *Service) verify(ctx context.Context, token, issuer string, claims jwt.Claims) error {
	key, err := s.keys.current(ctx)
	if err != nil {
		return err
	}
	_, err = jwt.NewParser(
		jwt.WithValidMethods([]string{hs256.Alg()}),
		jwt.WithIssuer(issuer),
		jwt.WithExpirationRequired(),
		jwt.WithTimeFunc(s.now),
	).ParseWithClaims(token, claims, func(t *jwt.Token) (any, error) {
		if kid, _ := t.Header["kid"].(string); kid != key.ID {
			return nil, errors.New("signed with a key that is not the current one")
		}
		return key.Secret, nil
	})
	switch {
	case errors.Is(err, jwt.ErrTokenExpired):
		return unauthorized("access token expired")
	case err != nil:
		return unauthorized("invalid access token")
	}
	return nil
}

// sign signs claims with the current key.
func (s *Service) sign(ctx context.Context, claims jwt.Claims) (string, error) {
	key, err := s.keys.current(ctx)
	if err != nil {
		return "", err
	}
	tok := jwt.NewWithClaims(hs256, claims)
	tok.Header["kid"] = key.ID
	return tok.SignedString(key.Secret)
}

// RotateKey replaces the signing key: every access token issued before
// stops working, here at once and on other servers of the same database
// within the key refresh interval.
func (s *Service) RotateKey(ctx context.Context) error { return s.keys.rotate(ctx) }

func invalid(format string, args ...any) error {
	return &wolfden.Error{Code: wolfden.EInvalid, Field: "auth_token", Message: fmt.Sprintf(format, args...)}
}

func unauthorized(format string, args ...any) error {
	return wolfden.Errorf(wolfden.EUnauthorized, format, args...)
}

// Refusal is a credential that does not prove who it claims to be. The
// client is told Message, the same for every cause of a kind of
// credential; Cause, which may name what exists, is for the server's log.
type Refusal struct {
	Message string
	Cause   string
}

func (r *Refusal) Error() string { return r.Message + " (" + r.Cause + ")" }

// Unwrap is the EUnauthorized error the client sees.
func (r *Refusal) Unwrap() error { return wolfden.Errorf(wolfden.EUnauthorized, "%s", r.Message) }

func refused(message, cause string, args ...any) error {
	return &Refusal{Message: message, Cause: fmt.Sprintf(cause, args...)}
}

// MAC authenticates msg with the current signing key, for short-lived
// links the server hands out (sample downloads). Rotating the key voids
// them too.
func (s *Service) MAC(ctx context.Context, msg []byte) ([]byte, error) {
	key, err := s.keys.current(ctx)
	if err != nil {
		return nil, err
	}
	m := hmac.New(sha256.New, key.Secret)
	m.Write(msg)
	return m.Sum(nil), nil
}

// ForgetTenant drops what the service remembers of a deleted tenant's
// applications and access tokens, so that they are refused from now on.
// Another server on the same database refuses them once it verifies a
// token afresh: when its cache of verified tokens starts over, or the
// token expires (MaxLifetime at most).
func (s *Service) ForgetTenant(id uuid.UUID) {
	s.tenants.forget(id)
	s.apps.forget(id)
	s.verified.forget(id)
}

// spend counts a request against its token's cap, if there is one. The
// count lives with the verified token in memory: a restart, or the cache
// starting over, gives the token a fresh count.
func (s *Service) spend(e verifiedToken) (*wolfden.Principal, error) {
	if limit := s.limits.TokenRequests; limit > 0 && e.requests.Add(1) > limit {
		return nil, unauthorized("access token used for its %d requests: get a new one", limit)
	}
	return &e.principal, nil
}

// ForgetAll drops everything the service remembers — the signing key,
// applications, tenants, verified tokens — after the server's storage was
// reset, so that no token issued before is accepted and the next token is
// signed with the new key.
func (s *Service) ForgetAll() {
	s.keys.forget()
	s.apps.clear()
	s.tenants.clear()
	s.verified.clear()
}
