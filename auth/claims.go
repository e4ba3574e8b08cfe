package auth

import (
	"encoding/json"
	"strings"

	"github.com/golang-jwt/jwt/v5"
	"github.com/wolfden/wolfden"
)

// ClientIssuer is the iss claim of every client's auth token.
const ClientIssuer = "http://cylance.com"

// accessIssuer is the iss claim of the access tokens wolfden issues.
const accessIssuer = "wolfden"

// clientClaims are the claims of the auth token a client builds (spec §2.2).
type clientClaims struct {
	jwt.RegisteredClaims
	TenantID string     `json:"tid"`
	Scopes   scopeClaim `json:"scp"`
}

// scopeClaim is the scp claim: a comma-separated string, or (as XSOAR sends
// it) a JSON array. Names that are not scopes are dropped, not refused (spec
// open question 15). It stays nil when the claim is absent or empty, which
// means "every privilege of the application".
type scopeClaim []wolfden.Scope

func (sc *scopeClaim) UnmarshalJSON(b []byte) error {
	var names []string
	var joined string
	if err := json.Unmarshal(b, &joined); err == nil {
		names = strings.Split(joined, ",")
	} else if err := json.Unmarshal(b, &names); err != nil {
		return err
	}
	var scopes []wolfden.Scope
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			scopes = append(scopes, wolfden.Scope(n))
		}
	}
	if len(names) > 0 && len(scopes) > 0 {
		*sc = scopes
	}
	return nil
}

// accessClaims are the claims of an access token.
type accessClaims struct {
	jwt.RegisteredClaims
	TenantID string `json:"tid"`
	Scopes   string `json:"scp"` // a wolfden.ScopeSet
}
