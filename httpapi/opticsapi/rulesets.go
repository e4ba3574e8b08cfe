package opticsapi

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

var ruleSetPages = rest.PageLimits{Default: 10, Max: 200}

// ruleSetJSON is a rule set; the default set has no id.
type ruleSetJSON struct {
	ID                  *string           `json:"id,omitempty"`
	Name                string            `json:"name"`
	Description         string            `json:"description"`
	Category            string            `json:"category"`
	NotificationMessage string            `json:"notification_message"`
	LastModified        rest.Rfc3339      `json:"last_modified"`
	ModifiedBy          modifierJSON      `json:"modified_by"`
	DeviceCount         int               `json:"device_count"`
	Policies            []policyRefJSON   `json:"policies"`
	Rules               []ruleSetRuleJSON `json:"rules"`
}

type policyRefJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type ruleSetRuleJSON struct {
	DetectionRuleID      string           `json:"detection_rule_id"`
	DetectionRuleVersion int              `json:"detection_rule_version"`
	DetectionName        string           `json:"detection_name"`
	DetectionDescription string           `json:"detection_description"`
	Category             string           `json:"category"`
	Severity             string           `json:"severity"`
	OperatingSystems     []optics.NameRef `json:"operating_systems"`
	DateAdded            rest.Rfc3339     `json:"date_added"`
	Enabled              bool             `json:"enabled"`
	NotificationEnabled  bool             `json:"notification_enabled"`
	Responses            jsontext.Value   `json:"responses"`
	Exceptions           jsontext.Value   `json:"exceptions"`
	Playbooks            []string         `json:"playbooks"`
}

func newRuleSetJSON(set *optics.RuleSet) ruleSetJSON {
	out := ruleSetJSON{Name: set.Name, Description: set.Description, Category: set.Category,
		NotificationMessage: set.NotificationMessage, LastModified: rest.Rfc3339(set.Modified),
		ModifiedBy: newModifierJSON(set.ModifiedBy), DeviceCount: set.DeviceCount,
		Policies: make([]policyRefJSON, len(set.Policies)), Rules: make([]ruleSetRuleJSON, len(set.Rules))}
	if set.ID != uuid.Nil {
		out.ID = new(set.ID.String())
	}
	for i, p := range set.Policies {
		out.Policies[i] = policyRefJSON{ID: p.ID.String(), Name: p.Name}
	}
	for i, r := range set.Rules {
		out.Rules[i] = ruleSetRuleJSON{DetectionRuleID: r.RuleID.String(), DetectionRuleVersion: r.RuleVersion,
			DetectionName: r.Name, DetectionDescription: r.Description, Category: r.Category, Severity: r.Severity,
			OperatingSystems: r.OperatingSystems, DateAdded: rest.Rfc3339(r.Added), Enabled: r.Enabled,
			NotificationEnabled: r.NotificationEnabled, Responses: r.Responses, Exceptions: r.Exceptions, Playbooks: r.Playbooks}
	}
	return out
}

// ruleSetListItemJSON is a set as the list shows it.
type ruleSetListItemJSON struct {
	ID           string       `json:"id"`
	Name         string       `json:"name"`
	Description  string       `json:"description"`
	Category     string       `json:"category"`
	DeviceCount  int          `json:"device_count"`
	LastModified rest.Rfc3339 `json:"last_modified"`
	ModifiedBy   modifierJSON `json:"modified_by"`
}

func newRuleSetListItemJSON(set *optics.RuleSet) ruleSetListItemJSON {
	return ruleSetListItemJSON{ID: set.ID.String(), Name: set.Name, Description: set.Description, Category: set.Category,
		DeviceCount: set.DeviceCount, LastModified: rest.Rfc3339(set.Modified), ModifiedBy: newModifierJSON(set.ModifiedBy)}
}

// parseRuleSetFilter reads the list's filters and sort, as the vendor's
// guide names them:
// description and modified_by.login match part of the value in any case,
// last_modified the beginning of the time as the list shows it,
// modified_by.id and device_count the value.
func parseRuleSetFilter(r *http.Request) (optics.RuleSetFilter, error) {
	q := r.URL.Query()
	f := optics.RuleSetFilter{Description: q.Get("description"), ModifiedByLogin: q.Get("modified_by.login")}
	if v := q.Get("last_modified"); v != "" {
		span, err := wolfden.ParseTimePrefix("last_modified", v)
		if err != nil {
			return f, err
		}
		f.Modified = &span
	}
	if v := q.Get("modified_by.id"); v != "" {
		id, ok := wolfden.ParseID(v)
		if !ok {
			return f, wolfden.FieldErrorf("modified_by.id", "%q is not a GUID", v)
		}
		f.ModifiedByID = &id
	}
	if v := q.Get("device_count"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return f, wolfden.FieldErrorf("device_count", "device_count must be a whole number, not %q", v)
		}
		f.DeviceCount = &n
	}
	var err error
	f.Sort, err = rest.ParseSort(r, optics.RuleSetSortKeys, optics.DefaultRuleSetSort)
	return f, err
}

func (s *Handlers) ListRuleSets(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, ruleSetPages)
	if err != nil {
		return err
	}
	f, err := parseRuleSetFilter(r)
	if err != nil {
		return err
	}
	page, err := t.RuleSets(r.Context(), f, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newRuleSetListItemJSON))
	return nil
}

// ExportRuleSets answers the filtered list as CSV with the vendor's
// columns (docs/api/rulesets.md).
func (s *Handlers) ExportRuleSets(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	f, err := parseRuleSetFilter(r)
	if err != nil {
		return err
	}
	list := func(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[optics.RuleSet], error) {
		return t.RuleSets(ctx, f, page)
	}
	return rest.ExportCSV(r.Context(), w, "rulesets.csv",
		[]string{"id", "name", "description", "category", "device_count", "last_modified", "modified_by"},
		list, func(set *optics.RuleSet) []string {
			return []string{set.ID.String(), set.Name, set.Description, set.Category, strconv.Itoa(set.DeviceCount),
				set.Modified.UTC().Format(time.RFC3339), set.ModifiedBy.Login}
		})
}

// GetDefaultRuleSet answers every active rule of the tenant, disabled, in
// a set without id, for a client to edit and post back.
func (s *Handlers) GetDefaultRuleSet(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	rules, err := rest.ReadAll(r.Context(), rulesOf(t, optics.RuleKindDetection))
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newRuleSetJSON(optics.DefaultRuleSet(t.TenantID(), rules, s.Now())))
	return nil
}

func ruleSetID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "ruleset", "rule set") }

func (s *Handlers) GetRuleSet(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := ruleSetID(r)
	if err != nil {
		return err
	}
	set, err := t.RuleSet(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newRuleSetJSON(set))
	return nil
}

// ruleSetRequest is the body of create and update; what describes each
// rule (name, severity, version…) is taken from the stored rule, so a set
// read back can be posted as it is.
type ruleSetRequest struct {
	Name                string `json:"name"`
	Description         string `json:"description"`
	Category            string `json:"category"`
	NotificationMessage string `json:"notification_message"`
	Rules               []struct {
		DetectionRuleID     string         `json:"detection_rule_id"`
		Enabled             bool           `json:"enabled"`
		NotificationEnabled bool           `json:"notification_enabled"`
		Responses           jsontext.Value `json:"responses"`
		Exceptions          jsontext.Value `json:"exceptions"`
		Playbooks           []string       `json:"playbooks"`
	} `json:"rules"`
}

// ruleSetEdit is a decoded create or update: the change, the stored rules
// it names, and who makes it.
type ruleSetEdit struct {
	change optics.RuleSetChange
	rules  map[uuid.UUID]*optics.DetectionRule
	by     wolfden.Modifier
}

// decodeRuleSet reads a body and finds the rules it names.
func decodeRuleSet(r *http.Request, t store.TenantStore) (ruleSetEdit, error) {
	var req ruleSetRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return ruleSetEdit{}, err
	}
	c := optics.RuleSetChange{Name: req.Name, Description: req.Description, Category: req.Category,
		NotificationMessage: req.NotificationMessage, Rules: make([]optics.RuleSetRuleChange, len(req.Rules))}
	for i, rule := range req.Rules {
		c.Rules[i] = optics.RuleSetRuleChange{RuleID: rule.DetectionRuleID, Enabled: rule.Enabled,
			NotificationEnabled: rule.NotificationEnabled, Responses: rule.Responses, Exceptions: rule.Exceptions,
			Playbooks: rule.Playbooks}
	}
	ids, err := c.RuleIDs()
	if err != nil {
		return ruleSetEdit{}, err
	}
	rules := make(map[uuid.UUID]*optics.DetectionRule, len(ids))
	for _, id := range ids {
		rule, err := t.DetectionRule(r.Context(), optics.RuleKindDetection, id)
		switch {
		case err == nil:
			rules[id] = rule
		case wolfden.CodeOf(err) != wolfden.ENotFound:
			return ruleSetEdit{}, err
		} // an unknown rule is reported by the set's validation, with its index
	}
	by, err := modifier(r, t)
	return ruleSetEdit{change: c, rules: rules, by: by}, err
}

func (s *Handlers) CreateRuleSet(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	e, err := decodeRuleSet(r, t)
	if err != nil {
		return err
	}
	set, err := optics.NewRuleSet(t.TenantID(), e.change, e.rules, e.by, s.Now())
	if err != nil {
		return err
	}
	if err := t.CreateRuleSet(r.Context(), set); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newRuleSetJSON(set))
	return nil
}

// UpdateRuleSet replaces a set whole.
func (s *Handlers) UpdateRuleSet(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := ruleSetID(r)
	if err != nil {
		return err
	}
	e, err := decodeRuleSet(r, t)
	if err != nil {
		return err
	}
	now := s.Now()
	set, err := t.UpdateRuleSet(r.Context(), id, func(set *optics.RuleSet) error { return set.Replace(e.change, e.rules, e.by, now) })
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newRuleSetJSON(set))
	return nil
}

func (s *Handlers) DeleteRuleSet(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := ruleSetID(r)
	if err != nil {
		return err
	}
	if err := t.DeleteRuleSets(r.Context(), []uuid.UUID{id}); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// maxRuleSetsPerDelete bounds a bulk delete.
const maxRuleSetsPerDelete = 1000

// DeleteRuleSets is DELETE /rulesets/v2 with {"ids": [...]}: all or none.
func (s *Handlers) DeleteRuleSets(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	ids, err := wolfden.ParseIDBatch("ids", "rule set", req.IDs, maxRuleSetsPerDelete)
	if err != nil {
		return err
	}
	if err := t.DeleteRuleSets(r.Context(), ids); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
