package policy

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Template is a partner's policy document, to apply to its tenants
// (docs/api/partner.md). Its document is validated as a tenant policy's is.
type Template struct {
	ID        uuid.UUID
	PartnerID uuid.UUID
	Name      string
	Document  Document
	Created   time.Time
	Modified  time.Time
}

// NewPolicyTemplate validates a template and returns it.
func NewPolicyTemplate(partnerID uuid.UUID, name string, doc Document, now time.Time) (*Template, error) {
	t := &Template{ID: uuid.New(), PartnerID: partnerID, Created: now}
	if err := t.Replace(name, doc, now); err != nil {
		return nil, err
	}
	return t, nil
}

// Replace validates name and doc and makes them t's. The document's
// policy_name defaults to the template's name; errors in the document
// name their path under modelDetails.
func (t *Template) Replace(name string, doc Document, now time.Time) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return wolfden.FieldErrorf("name", "name is required")
	}
	if strings.TrimSpace(doc.PolicyName) == "" {
		doc.PolicyName = name
	}
	if err := doc.Normalize(); err != nil {
		return wolfden.WithinField("modelDetails", err)
	}
	doc.PolicyID, doc.Timestamp, doc.Checksum = "", "", ""
	t.Name, t.Document, t.Modified = name, doc, now
	return nil
}

// MaxTemplateTenants is how many tenants one apply request may name
// (docs/api/partner.md).
const MaxTemplateTenants = 50

// PolicyFor returns the tenant policy that applying t makes: current, the
// tenant's policy of the same name, given t's document, or a new policy
// when current is nil. The policy is named by the document's policy_name.
func (t *Template) PolicyFor(tenantID uuid.UUID, current *DevicePolicy, by uuid.UUID, now time.Time) (*DevicePolicy, error) {
	if current == nil {
		return NewDevicePolicy(tenantID, by, t.Document, now)
	}
	return current, current.Replace(t.Document, by, now)
}

// TemplateApplication is the outcome of applying a template to one
// tenant: the policy it created or updated, or why it changed nothing.
type TemplateApplication struct {
	TenantID uuid.UUID
	PolicyID uuid.UUID
	Created  bool  // a new policy; false when it replaced the one of that name
	Err      error // an *Error; nil when applied
}

// ParseTemplateTenants checks the tenant list of an apply request: 1 to
// MaxTemplateTenants GUIDs in either form; a repeat counts once.
func ParseTemplateTenants(in []string) ([]uuid.UUID, error) {
	return wolfden.ParseIDBatch("venueTenantIds", "tenant", in, MaxTemplateTenants)
}
