package optics

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// RuleSet bundles detection rules, with their responses, exceptions and
// playbooks, for the device policies it is assigned to (docs/api/rulesets.md).
type RuleSet struct {
	ID                  uuid.UUID
	TenantID            uuid.UUID
	Name                string
	Description         string
	Category            string
	NotificationMessage string
	Rules               []RuleSetRule
	ModifiedBy          wolfden.Modifier
	Created             time.Time
	Modified            time.Time
	// Policies and DeviceCount are where the set is applied; the store
	// fills them on reads.
	Policies    []wolfden.Policy
	DeviceCount int
}

// RuleSetFilter selects and orders the rule set list by the filters the
// vendor documents. Zero members select everything.
type RuleSetFilter struct {
	// Description and ModifiedByLogin match part of the value, in any case.
	Description     string
	ModifiedByLogin string
	// Modified, when set, bounds the time of the last change.
	Modified     *wolfden.TimeSpan
	ModifiedByID *uuid.UUID
	DeviceCount  *int
	// Sort is one of RuleSetSortKeys; DefaultRuleSetSort when zero.
	Sort wolfden.SortOrder
}

// RuleSetSortKeys are the list's sort keys: its members. The vendor
// documents none.
var RuleSetSortKeys = []string{"id", "name", "description", "category", "device_count", "last_modified",
	"modified_by.id", "modified_by.login"}

// DefaultRuleSetSort is by name, the order the list had before it could
// be sorted.
var DefaultRuleSetSort = wolfden.SortOrder{Key: "name"}

// RuleSetName is a set's id and name.
type RuleSetName struct {
	ID   uuid.UUID
	Name string
}

// RuleSetRule is a rule's entry in a set. The rule's name, description,
// category, severity, systems and version are copied from the rule when
// the set is saved. The JSON tags are its stored form.
type RuleSetRule struct {
	RuleID              uuid.UUID      `json:"rule_id"`
	RuleVersion         int            `json:"rule_version"`
	Name                string         `json:"name"`
	Description         string         `json:"description"`
	Category            string         `json:"category"`
	Severity            string         `json:"severity"`
	OperatingSystems    []NameRef      `json:"operating_systems"`
	Added               time.Time      `json:"added"`
	Enabled             bool           `json:"enabled"`
	NotificationEnabled bool           `json:"notification_enabled"`
	Responses           jsontext.Value `json:"responses"`
	Exceptions          jsontext.Value `json:"exceptions"`
	Playbooks           []string       `json:"playbooks"`
}

// Bounds of a rule set request, far above real sets (the vendor's
// catalogue is a few hundred rules; a rule has a few responses): each rule
// named is read from storage, so the list must not grow without limit.
const (
	MaxRuleSetRules     = 5000 // rules
	MaxRuleSetRuleLists = 1000 // a rule's responses, exceptions and playbooks, each
)

// RuleSetChange is a create or full-replacement request.
type RuleSetChange struct {
	Name                string
	Description         string
	Category            string
	NotificationMessage string
	Rules               []RuleSetRuleChange
}

// RuleSetRuleChange is one rule of a RuleSetChange; what describes the rule
// itself comes from the stored rule, not from the request.
type RuleSetRuleChange struct {
	RuleID              string
	Enabled             bool
	NotificationEnabled bool
	Responses           jsontext.Value
	Exceptions          jsontext.Value
	Playbooks           []string
}

// RuleIDs checks the request's rule references: GUIDs, each named once.
func (c *RuleSetChange) RuleIDs() ([]uuid.UUID, error) {
	if err := wolfden.CheckLength("rules", len(c.Rules), MaxRuleSetRules); err != nil {
		return nil, err
	}
	ids := make([]uuid.UUID, len(c.Rules))
	seen := make(map[uuid.UUID]bool, len(c.Rules))
	for i, r := range c.Rules {
		at := fmt.Sprintf("rules[%d].detection_rule_id", i)
		id, ok := wolfden.ParseID(r.RuleID)
		if !ok {
			return nil, wolfden.FieldErrorf(at, "%q is not a rule id", r.RuleID)
		}
		if seen[id] {
			return nil, wolfden.FieldErrorf(at, "rule %s is in the set twice", id)
		}
		seen[id], ids[i] = true, id
	}
	return ids, nil
}

// NewRuleSet validates c against the stored rules it names (rules, by
// id) and returns the set.
func NewRuleSet(tenantID uuid.UUID, c RuleSetChange, rules map[uuid.UUID]*DetectionRule, by wolfden.Modifier, now time.Time) (*RuleSet, error) {
	s := &RuleSet{ID: uuid.New(), TenantID: tenantID, Created: now}
	if err := s.Replace(c, rules, by, now); err != nil {
		return nil, err
	}
	return s, nil
}

// Replace validates c and makes it s's content. A rule already in the set
// keeps the date it was added.
func (s *RuleSet) Replace(c RuleSetChange, rules map[uuid.UUID]*DetectionRule, by wolfden.Modifier, now time.Time) error {
	name := strings.TrimSpace(c.Name)
	if name == "" {
		return wolfden.FieldErrorf("name", "name is required")
	}
	if len(name) > 256 {
		return wolfden.FieldErrorf("name", "name is longer than 256 bytes")
	}
	ids, err := c.RuleIDs()
	if err != nil {
		return err
	}
	added := make(map[uuid.UUID]time.Time, len(s.Rules))
	for _, r := range s.Rules {
		added[r.RuleID] = r.Added
	}
	entries := make([]RuleSetRule, len(c.Rules))
	for i, rc := range c.Rules {
		at := fmt.Sprintf("rules[%d]", i)
		rule := rules[ids[i]]
		switch {
		case rule == nil:
			return wolfden.FieldNotFoundf(at+".detection_rule_id", "rule %s not found", ids[i])
		case !rule.Active:
			return wolfden.FieldErrorf(at+".detection_rule_id", "rule %s is deactivated", ids[i])
		}
		for _, list := range []struct {
			name  string
			value *jsontext.Value
		}{{"responses", &rc.Responses}, {"exceptions", &rc.Exceptions}} {
			if len(*list.value) == 0 || string(*list.value) == "null" {
				*list.value = jsontext.Value("[]")
				continue
			}
			var entries []jsontext.Value
			if list.value.Kind() != '[' || json.Unmarshal(*list.value, &entries) != nil {
				return wolfden.FieldErrorf(at+"."+list.name, "%s must be an array", list.name)
			}
			if err := wolfden.CheckLength(at+"."+list.name, len(entries), MaxRuleSetRuleLists); err != nil {
				return err
			}
		}
		if rc.Playbooks == nil {
			rc.Playbooks = []string{}
		}
		if err := wolfden.CheckLength(at+".playbooks", len(rc.Playbooks), MaxRuleSetRuleLists); err != nil {
			return err
		}
		when, ok := added[rule.ID]
		if !ok {
			when = now
		}
		entries[i] = RuleSetRule{
			RuleID: rule.ID, RuleVersion: rule.Version, Name: rule.Document.Name, Description: rule.Document.Description,
			Category: rule.Category, Severity: rule.Document.Severity, OperatingSystems: rule.Document.OperatingSystems,
			Added: when, Enabled: rc.Enabled, NotificationEnabled: rc.NotificationEnabled,
			Responses: rc.Responses, Exceptions: rc.Exceptions, Playbooks: rc.Playbooks,
		}
	}
	category := strings.TrimSpace(c.Category)
	if category == "" {
		category = "Custom"
	}
	s.Name, s.Description, s.Category, s.NotificationMessage = name, c.Description, category, c.NotificationMessage
	s.Rules, s.ModifiedBy, s.Modified = entries, by, now
	return nil
}

// DefaultRuleSet is GET /rulesets/v2/default: a set without id that lists
// every active rule of the tenant, disabled, for a client to edit and
// post back.
func DefaultRuleSet(tenantID uuid.UUID, rules []DetectionRule, now time.Time) *RuleSet {
	s := &RuleSet{TenantID: tenantID, Name: "Default Rule Set", Category: "Custom", Created: now, Modified: now}
	for i := range rules {
		r := &rules[i]
		s.Rules = append(s.Rules, RuleSetRule{
			RuleID: r.ID, RuleVersion: r.Version, Name: r.Document.Name, Description: r.Document.Description,
			Category: r.Category, Severity: r.Document.Severity, OperatingSystems: r.Document.OperatingSystems,
			Added: now, Responses: jsontext.Value("[]"), Exceptions: jsontext.Value("[]"), Playbooks: []string{},
		})
	}
	return s
}
