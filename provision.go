package wolfden

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// TenantProvision is what a partner sends to create a tenant (spec
// mtc.md). Licence counts are strings holding a number; clients also send
// numbers.
type TenantProvision struct {
	Name                     string
	Email                    string
	Address1, Address2       string
	City, State, Country     string
	ZipCode                  string
	Phones                   []string
	ProtectLicensesAllocated Scalar
	OpticsLicensesAllocated  Scalar
	LicenseType              string
	Term                     string
	ExpirationDate           string
	FeatureIDs               []int
}

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
func NewPartnerTenant(partnerID uuid.UUID, p TenantProvision, now time.Time) (*Tenant, *Application, error) {
	if err := p.validate(); err != nil {
		return nil, nil, err
	}
	t, app, err := NewTenant(p.Name, now)
	if err != nil {
		return nil, nil, err
	}
	t.PartnerID = partnerID
	return t, app, nil
}

func (p *TenantProvision) validate() error {
	for _, f := range []struct{ name, value string }{
		{"name", p.Name}, {"address1", p.Address1}, {"city", p.City}, {"state", p.State},
		{"country", p.Country}, {"zipCode", p.ZipCode},
	} {
		if strings.TrimSpace(f.value) == "" {
			return FieldErrorf(f.name, "%s is required", f.name)
		}
	}
	if p.Email != "" && !strings.Contains(p.Email, "@") {
		return FieldErrorf("email", "%q is not an e-mail address", p.Email)
	}
	for _, f := range []struct {
		name  string
		value Scalar
	}{{"protectLicensesAllocated", p.ProtectLicensesAllocated}, {"opticsLicensesAllocated", p.OpticsLicensesAllocated}} {
		if f.value.IsZero() {
			return FieldErrorf(f.name, "%s is required", f.name)
		}
		if n, err := strconv.Atoi(f.value.Text()); err != nil || n < 0 {
			return FieldErrorf(f.name, "%s must be a non-negative number, not %s", f.name, f.value.raw)
		}
	}
	var err error
	if p.LicenseType, err = oneOf("licenseType", p.LicenseType, "Evaluation", "Customer"); err != nil {
		return err
	}
	if p.Term, err = oneOf("term", p.Term, "Monthly", "Annual"); err != nil {
		return err
	}
	if p.ExpirationDate != "" {
		if _, err := ParseTime(p.ExpirationDate); err != nil {
			return FieldErrorf("expirationDate", "%q is not a date and time", p.ExpirationDate)
		}
	}
	for i, id := range p.FeatureIDs {
		at := fmt.Sprintf("featureIds[%d]", i)
		if _, ok := tenantFeatures[id]; !ok {
			return FieldErrorf(at, "%d is not a feature id", id)
		}
		if need, ok := featureNeeds[id]; ok && !slices.Contains(p.FeatureIDs, need) {
			return FieldErrorf(at, "feature %d (%s) needs feature %d (%s)", id, tenantFeatures[id], need, tenantFeatures[need])
		}
	}
	return nil
}
