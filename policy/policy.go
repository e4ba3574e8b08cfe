package policy

import (
	"crypto/md5"
	"encoding/hex"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// DefaultPolicyName is the name of the policy every tenant starts with.
const DefaultPolicyName = "Default"

// MaxPoliciesPerDelete bounds the policies one bulk delete names, far
// above real tenants' policy counts (tens).
const MaxPoliciesPerDelete = 1000

// DevicePolicy is a stored device policy: identity, bookkeeping and the
// document. The document's identity members (policy_id, policy_name,
// policy_utctimestamp, checksum) are filled in from the record by Render.
type DevicePolicy struct {
	ID         uuid.UUID
	TenantID   uuid.UUID
	Name       string
	Document   Document
	Checksum   string // MD5 hex of the canonical document
	ModifiedBy uuid.UUID
	Created    time.Time
	Modified   time.Time
}

// IsDefault reports whether p is the tenant's Default policy.
func (p *DevicePolicy) IsDefault() bool { return p.ID == wolfden.DefaultPolicyID }

// Summary is a policy as the list shows it.
type Summary struct {
	ID          uuid.UUID
	Name        string
	DeviceCount int
	ZoneCount   int
	// RuleSetID is the OPTICS detection rule set assigned; uuid.Nil for none.
	RuleSetID uuid.UUID
	Created   time.Time
	Modified  time.Time
}

// NewDevicePolicy validates doc (Normalize) and returns the policy it
// describes, created by user at now.
func NewDevicePolicy(tenantID, user uuid.UUID, doc Document, now time.Time) (*DevicePolicy, error) {
	p := &DevicePolicy{ID: uuid.New(), TenantID: tenantID, ModifiedBy: user, Created: now}
	if err := p.Replace(doc, user, now); err != nil {
		return nil, err
	}
	return p, nil
}

// DefaultDevicePolicy is a new tenant's Default policy, with the
// documented defaults.
func DefaultDevicePolicy(tenantID uuid.UUID, now time.Time) *DevicePolicy {
	p := &DevicePolicy{ID: wolfden.DefaultPolicyID, TenantID: tenantID, Created: now}
	if err := p.Replace(Document{PolicyName: DefaultPolicyName}, uuid.Nil, now); err != nil {
		panic("the default policy document is invalid: " + err.Error())
	}
	return p
}

// Replace validates doc and makes it p's document: the update of PUT
// /policies/v2, a full replacement. The Default policy keeps its name.
func (p *DevicePolicy) Replace(doc Document, user uuid.UUID, now time.Time) error {
	if err := doc.Normalize(); err != nil {
		return err
	}
	if p.IsDefault() && doc.PolicyName != DefaultPolicyName {
		return wolfden.FieldErrorf("policy_name", "the Default policy cannot be renamed")
	}
	doc.PolicyID, doc.Timestamp, doc.Checksum = "", "", ""
	canonical, err := doc.CanonicalJSON()
	if err != nil {
		return err
	}
	sum := md5.Sum(canonical)
	p.Name, p.Document, p.Checksum = doc.PolicyName, doc, hex.EncodeToString(sum[:])
	p.ModifiedBy, p.Modified = user, now
	return nil
}
