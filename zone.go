package wolfden

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// DefaultPolicyID is the id of the Default policy every tenant has: the nil
// GUID, as the vendor shows it in some tenants.
var DefaultPolicyID = uuid.Nil

// Policy is a device policy as other resources refer to it.
type Policy struct {
	ID   uuid.UUID
	Name string
}

// Criticality is a zone's criticality.
type Criticality string

const (
	CriticalityLow    Criticality = "Low"
	CriticalityNormal Criticality = "Normal"
	CriticalityHigh   Criticality = "High"
)

// Zone groups devices and binds them to a policy.
type Zone struct {
	ID          uuid.UUID
	TenantID    uuid.UUID
	Name        string
	PolicyID    uuid.UUID
	Criticality Criticality
	UpdateType  string  // agent update channel: Production, Pilot or Test
	ZoneRuleID  *string // automatic zone rule; wolfden has none yet
	Created     time.Time
	Modified    time.Time
}

// ZoneChange is a create or update request; nil fields are left as they are.
type ZoneChange struct {
	Name        *string
	PolicyID    *string
	Criticality *string
}

const maxZoneNameLen = 255

// NewZone validates a create request: name, policy and criticality are all
// required (docs/api/zones.md).
func NewZone(tenantID uuid.UUID, c ZoneChange, now time.Time) (*Zone, error) {
	for _, f := range []struct {
		name  string
		value *string
	}{{"name", c.Name}, {"policy_id", c.PolicyID}, {"criticality", c.Criticality}} {
		if f.value == nil {
			return nil, FieldErrorf(f.name, "%s is required", f.name)
		}
	}
	z := &Zone{ID: uuid.New(), TenantID: tenantID, UpdateType: "Production", Created: now}
	if err := c.Apply(z, now); err != nil {
		return nil, err
	}
	return z, nil
}

// Apply validates c and applies it to z. That the policy exists is for
// storage to check.
func (c ZoneChange) Apply(z *Zone, now time.Time) error {
	if c.Name != nil {
		name := strings.TrimSpace(*c.Name)
		if name == "" {
			return FieldErrorf("name", "name must not be empty")
		}
		if utf8.RuneCountInString(name) > maxZoneNameLen {
			return FieldErrorf("name", "name is longer than %d characters", maxZoneNameLen)
		}
		z.Name = name
	}
	if c.PolicyID != nil {
		id, ok := ParseID(*c.PolicyID)
		if !ok {
			return FieldErrorf("policy_id", "%q is not a policy id", *c.PolicyID)
		}
		z.PolicyID = id
	}
	if c.Criticality != nil {
		crit, ok := parseCriticality(*c.Criticality)
		if !ok {
			return FieldErrorf("criticality", "%q is not a criticality: use Low, Normal or High", *c.Criticality)
		}
		z.Criticality = crit
	}
	z.Modified = now
	return nil
}

func parseCriticality(s string) (Criticality, bool) {
	return Canonical(s, []Criticality{CriticalityLow, CriticalityNormal, CriticalityHigh})
}
