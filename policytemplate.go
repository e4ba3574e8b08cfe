package wolfden

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// PolicyTemplate is a partner's policy document, to apply to its tenants
// (spec mtc.md). Its document is validated as a tenant policy's is.
type PolicyTemplate struct {
	ID        uuid.UUID
	PartnerID uuid.UUID
	Name      string
	Document  PolicyDocument
	Created   time.Time
	Modified  time.Time
}

// NewPolicyTemplate validates a template and returns it.
func NewPolicyTemplate(partnerID uuid.UUID, name string, doc PolicyDocument, now time.Time) (*PolicyTemplate, error) {
	t := &PolicyTemplate{ID: uuid.New(), PartnerID: partnerID, Created: now}
	if err := t.Replace(name, doc, now); err != nil {
		return nil, err
	}
	return t, nil
}

// Replace validates name and doc and makes them t's. The document's
// policy_name defaults to the template's name; errors in the document
// name their path under modelDetails.
func (t *PolicyTemplate) Replace(name string, doc PolicyDocument, now time.Time) error {
	name = strings.TrimSpace(name)
	if name == "" {
		return FieldErrorf("name", "name is required")
	}
	if strings.TrimSpace(doc.PolicyName) == "" {
		doc.PolicyName = name
	}
	if err := doc.Normalize(); err != nil {
		return WithinField("modelDetails", err)
	}
	doc.PolicyID, doc.Timestamp, doc.Checksum = "", "", ""
	t.Name, t.Document, t.Modified = name, doc, now
	return nil
}
