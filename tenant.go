package wolfden

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Tenant is one customer console: every resource of the API belongs to one.
type Tenant struct {
	ID      uuid.UUID
	Name    string
	Created time.Time
}

// ValidateTenantName checks a tenant name for creation.
func ValidateTenantName(name string) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return FieldErrorf("name", "tenant name is required")
	}
	if len(name) > 256 {
		return FieldErrorf("name", "tenant name is longer than 256 bytes")
	}
	return nil
}

// Application is a custom integration of a tenant (console Settings >
// Integrations): an id and secret that sign auth tokens, and the privileges
// those tokens may be granted. The secret is the HMAC key of the client's
// JWT, so it must be kept in a form that can be read back.
type Application struct {
	ID       uuid.UUID
	TenantID uuid.UUID
	Name     string
	Secret   string
	Scopes   []Scope
	Created  time.Time
}

// Grant returns the scopes an access token gets: the application's
// privileges, narrowed to requested when the client asked for some. Names the
// application does not hold are ignored, not refused (spec open question 15).
func (a *Application) Grant(requested []Scope) []Scope {
	if requested == nil {
		return slices.Clone(a.Scopes)
	}
	var granted []Scope
	for _, s := range requested {
		if slices.Contains(a.Scopes, s) && !slices.Contains(granted, s) {
			granted = append(granted, s)
		}
	}
	return granted
}

// Principal is who is calling, established from a valid access token.
type Principal struct {
	TenantID uuid.UUID
	AppID    uuid.UUID
	Scopes   []Scope
}

// HasAny reports whether the principal holds at least one of scopes.
func (p *Principal) HasAny(scopes ...Scope) bool {
	for _, s := range scopes {
		if slices.Contains(p.Scopes, s) {
			return true
		}
	}
	return false
}

// SigningKey is the server's secret for access tokens. It lives in storage
// so tokens survive a restart and every server sharing a database agrees.
type SigningKey struct {
	ID      string
	Secret  []byte
	Created time.Time
}
