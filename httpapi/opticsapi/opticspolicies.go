package opticsapi

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/store"
)

// opticsPolicyJSON is a mapping item: the set assigned under the literal
// key DETECTION (null for none), and every set the policy could have.
type opticsPolicyJSON struct {
	PolicyID       string              `json:"policy_id"`
	DeviceCount    int                 `json:"device_count"`
	Detection      *string             `json:"DETECTION"`
	Configurations []configurationJSON `json:"configurations"`
}

type configurationJSON struct {
	ConfigurationID string `json:"configuration_id"`
	DisplayName     string `json:"display_name"`
	Type            string `json:"type"`
}

// newOpticsPolicyJSON builds an item; configurations are every set.
func newOpticsPolicyJSON(p *policy.Summary, configurations []configurationJSON) opticsPolicyJSON {
	item := opticsPolicyJSON{PolicyID: p.ID.String(), DeviceCount: p.DeviceCount, Configurations: configurations}
	if p.RuleSetID != uuid.Nil {
		item.Detection = new(p.RuleSetID.String())
	}
	return item
}

// ruleSetConfigurations lists every rule set as a configuration.
func ruleSetConfigurations(r *http.Request, t store.TenantStore) ([]configurationJSON, error) {
	sets, err := t.RuleSetNames(r.Context())
	if err != nil {
		return nil, err
	}
	out := make([]configurationJSON, len(sets))
	for i, set := range sets {
		out[i] = configurationJSON{ConfigurationID: set.ID.String(), DisplayName: set.Name, Type: "DETECTION"}
	}
	return out, nil
}

var opticsPolicyPages = rest.PageLimits{Default: 10, Max: 200}

func (s *Handlers) ListOpticsPolicies(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, opticsPolicyPages)
	if err != nil {
		return err
	}
	page, err := t.Policies(r.Context(), req)
	if err != nil {
		return err
	}
	configurations, err := ruleSetConfigurations(r, t)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, func(p *policy.Summary) opticsPolicyJSON {
		return newOpticsPolicyJSON(p, configurations)
	}))
	return nil
}

func (s *Handlers) GetOpticsPolicy(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.PathID(r, "policy", "policy")
	if err != nil {
		return err
	}
	p, err := t.PolicySummary(r.Context(), id)
	if err != nil {
		return err
	}
	configurations, err := ruleSetConfigurations(r, t)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newOpticsPolicyJSON(p, configurations))
	return nil
}

// maxPoliciesPerAssignment bounds link and unlink.
const maxPoliciesPerAssignment = 1000

// AssignRuleSet links a rule set to policies (replacing theirs: a policy
// has one) and unlinks it from others; all or none, 200 with no body.
func (s *Handlers) AssignRuleSet(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		ConfigurationType string   `json:"configuration_type"`
		ConfigurationID   string   `json:"configuration_id"`
		Link              []string `json:"link"`
		Unlink            []string `json:"unlink"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if req.ConfigurationType != "DETECTION" {
		return wolfden.FieldErrorf("configuration_type", "configuration_type must be DETECTION, not %q", req.ConfigurationType)
	}
	setID, ok := wolfden.ParseID(req.ConfigurationID)
	if !ok {
		return wolfden.FieldErrorf("configuration_id", "%q is not a rule set id", req.ConfigurationID)
	}
	var lists [2][]uuid.UUID
	for i, l := range []struct {
		field string
		ids   []string
	}{{"link", req.Link}, {"unlink", req.Unlink}} {
		if len(l.ids) == 0 {
			continue
		}
		var err error
		if lists[i], err = wolfden.ParseIDBatch(l.field, "policy", l.ids, maxPoliciesPerAssignment); err != nil {
			return err
		}
	}
	if err := t.AssignRuleSet(r.Context(), setID, lists[0], lists[1]); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
