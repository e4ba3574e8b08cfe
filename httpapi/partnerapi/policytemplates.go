package partnerapi

import (
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/store"
)

// policyTemplateJSON is a template as the partner API answers it. Only the
// request members are documented; the answer mirrors them
// (docs/api/partner.md).
type policyTemplateJSON struct {
	PolicyTemplateID string          `json:"policyTemplateId"`
	Name             string          `json:"name"`
	PartnerID        string          `json:"partnerId"`
	ModelDetails     policy.Document `json:"modelDetails"`
	CreatedDate      rest.IsoSeconds `json:"createdDate"`
	ModifiedDate     rest.IsoSeconds `json:"modifiedDate"`
}

// newPolicyTemplateJSON answers a template. Its modelDetails.policy_id is
// the template's id: python-cyapi's update_policy_template takes the
// document and PUTs to policy-templates/{policy_id}.
func newPolicyTemplateJSON(t *policy.Template) policyTemplateJSON {
	doc := t.Document
	doc.PolicyID = t.ID.String()
	return policyTemplateJSON{PolicyTemplateID: t.ID.String(), Name: t.Name, PartnerID: t.PartnerID.String(),
		ModelDetails: doc, CreatedDate: rest.IsoSeconds(t.Created), ModifiedDate: rest.IsoSeconds(t.Modified)}
}

func (s *Handlers) ListPolicyTemplates(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	page, err := p.PolicyTemplates(r.Context(), wolfden.PageRequest{Number: 1, Size: maxPartnerList})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newListEnvelope(page, newPolicyTemplateJSON))
	return nil
}

// policyTemplateID resolves the {template} path segment.
func policyTemplateID(r *http.Request) (uuid.UUID, error) {
	return rest.PathID(r, "template", "policy template")
}

func (s *Handlers) GetPolicyTemplate(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := policyTemplateID(r)
	if err != nil {
		return err
	}
	t, err := p.PolicyTemplate(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPolicyTemplateJSON(t))
	return nil
}

// policyTemplateRequest is the body of create and update.
type policyTemplateRequest struct {
	Name             string           `json:"name"`
	PartnerID        *string          `json:"partnerId"`
	PolicyTemplateID *string          `json:"policyTemplateId"`
	ModelDetails     *policy.Document `json:"modelDetails"`
}

// decodePolicyTemplate reads a template body. A partnerId, when given,
// must be the caller's: its partner id, or the id of the application it
// authenticated with, which is what python-cyapi sends.
func decodePolicyTemplate(r *http.Request, p store.PartnerStore) (policyTemplateRequest, error) {
	var req policyTemplateRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return req, err
	}
	if req.PartnerID != nil {
		if id, ok := wolfden.ParseID(*req.PartnerID); !ok || (id != p.PartnerID() && id != partnerPrincipal(r).AppID) {
			return req, wolfden.FieldErrorf("partnerId", "%q is not the partner id of this token", *req.PartnerID)
		}
	}
	if req.ModelDetails == nil {
		return req, wolfden.FieldErrorf("modelDetails", "modelDetails (a policy document) is required")
	}
	return req, nil
}

func (s *Handlers) CreatePolicyTemplate(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	req, err := decodePolicyTemplate(r, p)
	if err != nil {
		return err
	}
	t, err := policy.NewPolicyTemplate(p.PartnerID(), req.Name, *req.ModelDetails, s.Now())
	if err != nil {
		return err
	}
	if err := p.CreatePolicyTemplate(r.Context(), t); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPolicyTemplateJSON(t))
	return nil
}

// UpdatePolicyTemplate replaces a template; a policyTemplateId in the body
// must name the one in the path.
func (s *Handlers) UpdatePolicyTemplate(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := policyTemplateID(r)
	if err != nil {
		return err
	}
	req, err := decodePolicyTemplate(r, p)
	if err != nil {
		return err
	}
	if err := rest.SameID("policyTemplateId", req.PolicyTemplateID, id); err != nil {
		return err
	}
	t, err := p.UpdatePolicyTemplate(r.Context(), id, func(t *policy.Template) error {
		return t.Replace(req.Name, *req.ModelDetails, s.Now())
	})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPolicyTemplateJSON(t))
	return nil
}

func (s *Handlers) DeletePolicyTemplate(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := policyTemplateID(r)
	if err != nil {
		return err
	}
	if err := p.DeletePolicyTemplate(r.Context(), id); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// applyTemplateRequest is the body of applying a template
// (docs/api/partner.md).
type applyTemplateRequest struct {
	VenueTenantIDs   []string `json:"venueTenantIds"`
	PolicyTemplateID *string  `json:"policyTemplateId"`
}

// templateApplicationJSON is the outcome for one tenant: the policy made,
// or the status and message the change alone would have had.
type templateApplicationJSON struct {
	VenueTenantID string  `json:"venueTenantId"`
	Succeeded     bool    `json:"succeeded"`
	Status        int     `json:"status"`
	Action        string  `json:"action,omitempty"` // Created or Updated
	PolicyID      *string `json:"policyId"`
	Message       string  `json:"message,omitempty"`
	Field         string  `json:"field,omitempty"`
}

func newTemplateApplicationJSON(a *policy.TemplateApplication) templateApplicationJSON {
	out := templateApplicationJSON{VenueTenantID: a.TenantID.String(), Succeeded: a.Err == nil, Status: http.StatusOK}
	var e *wolfden.Error
	switch {
	case errors.As(a.Err, &e):
		out.Status, out.Message, out.Field = rest.StatusOf[e.Code], e.Message, e.Field
	case a.Created:
		out.Action, out.PolicyID = "Created", new(a.PolicyID.String())
	default:
		out.Action, out.PolicyID = "Updated", new(a.PolicyID.String())
	}
	return out
}

// ApplyPolicyTemplate is POST …/tenants/apply-policy: it makes the
// template's policy in each tenant named, creating it or replacing the
// tenant's policy of the same name. Each tenant succeeds or fails alone;
// the answer reports every one, in request order. The vendor's path was
// not recovered: this one is wolfden's (docs/api/partner.md).
func (s *Handlers) ApplyPolicyTemplate(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	var req applyTemplateRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.PolicyTemplateID == nil {
		return wolfden.FieldErrorf("policyTemplateId", "policyTemplateId is required")
	}
	templateID, ok := wolfden.ParseID(*req.PolicyTemplateID)
	if !ok {
		return wolfden.FieldErrorf("policyTemplateId", "%q is not a policy template id", *req.PolicyTemplateID)
	}
	tenants, err := policy.ParseTemplateTenants(req.VenueTenantIDs)
	if err != nil {
		return err
	}
	by, now := partnerPrincipal(r).AppID, s.Now()
	results, err := p.ApplyPolicyTemplate(r.Context(), templateID, tenants,
		func(t *policy.Template, tenantID uuid.UUID, current *policy.DevicePolicy) (*policy.DevicePolicy, error) {
			return t.PolicyFor(tenantID, current, by, now)
		})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, struct {
		PolicyTemplateID string `json:"policyTemplateId"`
		listEnvelope[templateApplicationJSON]
	}{templateID.String(), newListEnvelope(wolfden.Page[policy.TemplateApplication]{Items: results, Total: len(results)},
		newTemplateApplicationJSON)})
	return nil
}
