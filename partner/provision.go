package partner

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// TenantProvision is what a partner sends to create a tenant
// (docs/api/partner.md). Licence counts are strings holding a number;
// clients also send numbers.
type TenantProvision struct {
	Name                     string
	Email                    string
	Address1, Address2       string
	City, State, Country     string
	ZipCode                  string
	Phones                   []string
	ProtectLicensesAllocated wolfden.Scalar
	OpticsLicensesAllocated  wolfden.Scalar
	LicenseType              string
	Term                     string
	ExpirationDate           string
	FeatureIDs               []int
}

// Bounds of a provision request's lists, far above real use (a phone or
// two; the catalogue has 14 features).
const (
	MaxTenantPhones   = 100
	MaxTenantFeatures = 100
)

// Features a tenant can be provisioned with, and the feature each needs.
var (
	tenantFeatures = map[int]string{
		12: "Linux", 26: "Device Control", 32: "Auto-Delete for Quarantined Files", 33: "Data Privacy",
		34: "Optics V2", 39: "API V2", 40: "Read Only User Role", 42: "Script Control Global Safelist by Hash",
		48: "Ubuntu", 49: "Notification for Quarantine Events", 51: "Optics ML", 53: "Optics Refract Package",
		56: "Optics Refract Playbook", 57: "Amazon Linux",
	}
	featureNeeds = map[int]int{48: 12, 51: 34, 53: 34, 56: 34, 57: 12}
)

// NewPartnerTenant validates a provision request and returns the tenant
// it creates for partner, with its first application.
func NewPartnerTenant(partnerID uuid.UUID, p TenantProvision, now time.Time) (*wolfden.Tenant, *wolfden.Application, error) {
	profile, err := p.profile()
	if err != nil {
		return nil, nil, err
	}
	t, app, err := wolfden.NewTenant(p.Name, now)
	if err != nil {
		return nil, nil, err
	}
	t.PartnerID, t.Profile = partnerID, profile
	return t, app, nil
}

// profile validates p and returns the profile it states.
func (p *TenantProvision) profile() (*wolfden.TenantProfile, error) {
	for _, f := range []struct{ name, value string }{
		{"name", p.Name}, {"address1", p.Address1}, {"city", p.City}, {"state", p.State},
		{"country", p.Country}, {"zipCode", p.ZipCode},
	} {
		if strings.TrimSpace(f.value) == "" {
			return nil, wolfden.FieldErrorf(f.name, "%s is required", f.name)
		}
	}
	for _, list := range []struct {
		field  string
		n, max int
	}{{"phones", len(p.Phones), MaxTenantPhones}, {"featureIds", len(p.FeatureIDs), MaxTenantFeatures}} {
		if err := wolfden.CheckLength(list.field, list.n, list.max); err != nil {
			return nil, err
		}
	}
	pr := &wolfden.TenantProfile{
		Email: strings.TrimSpace(p.Email), Address1: strings.TrimSpace(p.Address1), Address2: strings.TrimSpace(p.Address2),
		City: strings.TrimSpace(p.City), State: strings.TrimSpace(p.State), Country: strings.TrimSpace(p.Country),
		ZipCode: strings.TrimSpace(p.ZipCode), Phones: p.Phones,
	}
	if pr.Email != "" {
		if _, err := wolfden.ParseEmail(pr.Email); err != nil {
			return nil, err
		}
	}
	for _, f := range []struct {
		name  string
		value wolfden.Scalar
		dst   *int
	}{{"protectLicensesAllocated", p.ProtectLicensesAllocated, &pr.ProtectLicenses},
		{"opticsLicensesAllocated", p.OpticsLicensesAllocated, &pr.OpticsLicenses}} {
		if f.value.IsZero() {
			return nil, wolfden.FieldErrorf(f.name, "%s is required", f.name)
		}
		n, err := strconv.Atoi(f.value.Text())
		if err != nil || n < 0 {
			return nil, wolfden.FieldErrorf(f.name, "%s must be a non-negative number, not %s", f.name, f.value.Raw())
		}
		*f.dst = n
	}
	var err error
	if pr.LicenseType, err = wolfden.OneOf("licenseType", p.LicenseType, "Evaluation", "Customer"); err != nil {
		return nil, err
	}
	if pr.Term, err = wolfden.OneOf("term", p.Term, "Monthly", "Annual"); err != nil {
		return nil, err
	}
	if p.ExpirationDate != "" {
		at, err := wolfden.ParseTime(p.ExpirationDate)
		if err != nil {
			return nil, wolfden.FieldErrorf("expirationDate", "%q is not a date and time", p.ExpirationDate)
		}
		pr.Expiration = &at
	}
	for i, id := range p.FeatureIDs {
		at := fmt.Sprintf("featureIds[%d]", i)
		if _, ok := tenantFeatures[id]; !ok {
			return nil, wolfden.FieldErrorf(at, "%d is not a feature id", id)
		}
		if need, ok := featureNeeds[id]; ok && !slices.Contains(p.FeatureIDs, need) {
			return nil, wolfden.FieldErrorf(at, "feature %d (%s) needs feature %d (%s)", id, tenantFeatures[id], need, tenantFeatures[need])
		}
	}
	pr.FeatureIDs = slices.Compact(slices.Sorted(slices.Values(p.FeatureIDs)))
	return pr, nil
}
