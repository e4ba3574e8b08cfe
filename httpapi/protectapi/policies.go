package protectapi

import (
	"fmt"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/store"
)

var policyPages = rest.PageLimits{Default: 10, Max: 200}

// policyListItemJSON is an item of GET /policies/v2.
type policyListItemJSON struct {
	ID           string        `json:"id"`
	Name         string        `json:"name"`
	DeviceCount  int           `json:"device_count"`
	ZoneCount    int           `json:"zone_count"`
	DateAdded    rest.IsoTicks `json:"date_added"`
	DateModified rest.IsoTicks `json:"date_modified"`
}

func newPolicyListItemJSON(p *policy.Summary) policyListItemJSON {
	return policyListItemJSON{ID: p.ID.String(), Name: p.Name, DeviceCount: p.DeviceCount, ZoneCount: p.ZoneCount,
		DateAdded: rest.IsoTicks(p.Created), DateModified: rest.IsoTicks(p.Modified)}
}

// policyDocument is the document as GET answers it: the stored document
// with its identity members filled in from the record.
func policyDocument(p *policy.DevicePolicy) policy.Document {
	doc := p.Document
	doc.PolicyID, doc.PolicyName, doc.Checksum = p.ID.String(), p.Name, p.Checksum
	doc.Timestamp = dotNetDate(p.Modified)
	return doc
}

// dotNetDate is the /Date(ms+0000)/ form of policy_utctimestamp.
func dotNetDate(t time.Time) string { return fmt.Sprintf("/Date(%d+0000)/", t.UnixMilli()) }

func (s *Handlers) ListPolicies(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, policyPages)
	if err != nil {
		return err
	}
	page, err := t.Policies(r.Context(), req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newPolicyListItemJSON))
	return nil
}

// policyID resolves the {policy} path segment, in either GUID form.
func policyID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "policy", "policy") }

func (s *Handlers) GetPolicy(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := policyID(r)
	if err != nil {
		return err
	}
	p, err := t.DevicePolicy(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, policyDocument(p))
	return nil
}

// policyRequest is the body of create and update. user_id names who acts;
// python-cyapi sends its application id there, so any GUID will do.
type policyRequest struct {
	UserID *string          `json:"user_id"`
	Policy *policy.Document `json:"policy"`
}

func decodePolicyRequest(r *http.Request) (user uuid.UUID, doc policy.Document, err error) {
	var req policyRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return uuid.Nil, doc, err
	}
	if req.UserID == nil {
		return uuid.Nil, doc, wolfden.FieldErrorf("user_id", "user_id is required")
	}
	user, ok := wolfden.ParseID(*req.UserID)
	if !ok {
		return uuid.Nil, doc, wolfden.FieldErrorf("user_id", "%q is not a GUID", *req.UserID)
	}
	if req.Policy == nil {
		return uuid.Nil, doc, wolfden.FieldErrorf("policy", "policy is required")
	}
	return user, *req.Policy, nil
}

// CreatePolicy answers 201 and the new document. A policy_id in the body
// is ignored: python-cyapi copies policies by posting a document it read.
func (s *Handlers) CreatePolicy(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	user, doc, err := decodePolicyRequest(r)
	if err != nil {
		return err
	}
	p, err := policy.NewDevicePolicy(t.TenantID(), user, doc, s.Now())
	if err != nil {
		return wolfden.WithinField("policy", err)
	}
	if err := t.CreatePolicy(r.Context(), p); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusCreated, policyDocument(p))
	return nil
}

// UpdatePolicy replaces the document of policy.policy_id and answers 204.
func (s *Handlers) UpdatePolicy(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	user, doc, err := decodePolicyRequest(r)
	if err != nil {
		return err
	}
	if doc.PolicyID == "" {
		return wolfden.FieldErrorf("policy.policy_id", "policy_id is required to update a policy")
	}
	id, ok := wolfden.ParseID(doc.PolicyID)
	if !ok {
		return wolfden.FieldErrorf("policy.policy_id", "%q is not a policy id", doc.PolicyID)
	}
	_, err = t.UpdatePolicy(r.Context(), id, func(p *policy.DevicePolicy) error {
		return wolfden.WithinField("policy", p.Replace(doc, user, s.Now()))
	})
	if err != nil {
		return err
	}
	rest.WriteNoBody(w, http.StatusNoContent)
	return nil
}

func (s *Handlers) DeletePolicy(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := policyID(r)
	if err != nil {
		return err
	}
	if err := t.DeletePolicies(r.Context(), []uuid.UUID{id}); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// DeletePolicies deletes every listed policy or, when one cannot be, none.
func (s *Handlers) DeletePolicies(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		IDs []string `json:"tenant_policy_ids"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	ids, err := wolfden.ParseIDBatch("tenant_policy_ids", "policy", req.IDs, policy.MaxPoliciesPerDelete)
	if err != nil {
		return err
	}
	if err := t.DeletePolicies(r.Context(), ids); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
