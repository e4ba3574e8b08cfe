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
	// PartnerID is the partner that owns the tenant; uuid.Nil for none.
	PartnerID uuid.UUID
	// Profile is what the partner stated when it provisioned the tenant;
	// nil for a tenant created otherwise.
	Profile *TenantProfile
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
// application does not hold are ignored, not refused (docs/api/auth.md).
func (a *Application) Grant(requested []Scope) ScopeSet {
	held := NewScopeSet(a.Scopes...)
	if requested == nil {
		return held
	}
	return held.Intersect(NewScopeSet(requested...))
}

// Principal is who is calling, established from a valid access token.
type Principal struct {
	TenantID uuid.UUID
	AppID    uuid.UUID
	Scopes   ScopeSet
}

// HasAny reports whether the principal holds at least one of scopes.
func (p *Principal) HasAny(scopes ...Scope) bool {
	for _, s := range scopes {
		if p.Scopes.Has(s) {
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

// NewTenant returns a new tenant named name and its first application,
// which holds every privilege.
func NewTenant(name string, now time.Time) (*Tenant, *Application, error) {
	if err := ValidateTenantName(name); err != nil {
		return nil, nil, err
	}
	t := &Tenant{ID: uuid.New(), Name: strings.TrimSpace(name), Created: now}
	app, err := NewApplication(t.ID, "wolfden", AllScopes, now)
	return t, app, err
}

// NewApplication returns a new application of tenant with a fresh secret.
// Like the vendor's, ids and secrets are random GUIDs (122 random bits).
func NewApplication(tenantID uuid.UUID, name string, scopes []Scope, now time.Time) (*Application, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, FieldErrorf("name", "application name is required")
	}
	if len(scopes) == 0 {
		return nil, FieldErrorf("scopes", "an application needs at least one scope")
	}
	return &Application{
		ID: uuid.New(), TenantID: tenantID, Name: name, Secret: uuid.NewString(),
		Scopes: slices.Clone(scopes), Created: now,
	}, nil
}

// MaxApplications is how many applications (custom integrations) a
// tenant may have, as in the vendor's console.
const MaxApplications = 10

// TenantProfile is what a partner stated about a tenant it provisioned:
// contact, licences and features. The JSON tags are its stored form.
type TenantProfile struct {
	Email           string     `json:"email,omitempty"`
	Address1        string     `json:"address1"`
	Address2        string     `json:"address2,omitempty"`
	City            string     `json:"city"`
	State           string     `json:"state"`
	Country         string     `json:"country"`
	ZipCode         string     `json:"zipCode"`
	Phones          []string   `json:"phones,omitempty"`
	ProtectLicenses int        `json:"protectLicenses"`
	OpticsLicenses  int        `json:"opticsLicenses"`
	LicenseType     string     `json:"licenseType"`
	Term            string     `json:"term"`
	Expiration      *time.Time `json:"expiration,omitempty"`
	FeatureIDs      []int      `json:"featureIds,omitempty"`
}
