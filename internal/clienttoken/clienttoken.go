// Package clienttoken builds the auth token a client of the API signs
// with its application's secret and trades at POST /auth/v2/token, as the
// vendor's SDKs build it (docs/api/auth.md).
package clienttoken

import (
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden/auth"
)

// Sign returns the HS256 auth token of application appID of tenant
// tenantID, issued at now, living the longest the server accepts, and
// carrying a fresh jti: the server takes each one once. It asks for no
// particular scopes, so the access token gets every one the application
// holds.
func Sign(tenantID, appID, secret string, now time.Time) (string, error) {
	return jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"exp": now.Add(auth.MaxLifetime).Unix(), "iat": now.Unix(), "iss": auth.ClientIssuer,
		"sub": appID, "tid": tenantID, "jti": uuid.NewString(),
	}).SignedString([]byte(secret))
}
