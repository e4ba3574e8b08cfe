package opticsapi

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

var rulePages = rest.PageLimits{Default: 10, Max: 200}

// ruleListItemJSON is a rule as the list shows it (note the lower-case
// name key of its systems).
type ruleListItemJSON struct {
	ID               string       `json:"Id"`
	Name             string       `json:"Name"`
	Description      string       `json:"Description"`
	Category         string       `json:"Category"`
	Severity         string       `json:"Severity"`
	Version          int          `json:"Version"`
	DeviceCount      int          `json:"DeviceCount"`
	LastModified     rest.Rfc3339 `json:"LastModified"`
	ModifiedBy       modifierJSON `json:"ModifiedBy"`
	OperatingSystems []struct {
		Name string `json:"name"`
	} `json:"OperatingSystems"`
}

// modifierJSON is {id, login}.
type modifierJSON struct {
	ID    string `json:"id"`
	Login string `json:"login"`
}

func newModifierJSON(m wolfden.Modifier) modifierJSON {
	return modifierJSON{ID: m.ID.String(), Login: m.Login}
}

func newRuleListItemJSON(rule *optics.DetectionRule) ruleListItemJSON {
	item := ruleListItemJSON{ID: rule.ID.String(), Name: rule.Document.Name, Description: rule.Document.Description,
		Category: rule.Category, Severity: rule.Document.Severity, Version: rule.Version, DeviceCount: rule.DeviceCount,
		LastModified: rest.Rfc3339(rule.Modified), ModifiedBy: newModifierJSON(rule.ModifiedBy)}
	item.OperatingSystems = make([]struct {
		Name string `json:"name"`
	}, len(rule.Document.OperatingSystems))
	for i, os := range rule.Document.OperatingSystems {
		item.OperatingSystems[i].Name = os.Name
	}
	return item
}

// ListRules lists the active rules by name.
func (s *Handlers) ListRules(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, rulePages)
	if err != nil {
		return err
	}
	page, err := t.DetectionRules(r.Context(), optics.RuleKindDetection, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newRuleListItemJSON))
	return nil
}

// rulesOf is the rule list of kind, as readAll and ExportCSV take lists.
func rulesOf(t store.TenantStore, kind optics.RuleKind) func(context.Context, wolfden.PageRequest) (wolfden.Page[optics.DetectionRule], error) {
	return func(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[optics.DetectionRule], error) {
		return t.DetectionRules(ctx, kind, page)
	}
}

// ExportRules answers the rule list as CSV; the columns are the list's.
func (s *Handlers) ExportRules(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return rest.ExportCSV(r.Context(), w, "rules.csv",
		[]string{"Id", "Name", "Description", "Category", "Severity", "Version", "DeviceCount", "OperatingSystems", "LastModified", "ModifiedBy"},
		rulesOf(t, optics.RuleKindDetection), func(rule *optics.DetectionRule) []string {
			systems := make([]string, len(rule.Document.OperatingSystems))
			for i, os := range rule.Document.OperatingSystems {
				systems[i] = os.Name
			}
			return []string{rule.ID.String(), rule.Document.Name, rule.Document.Description, rule.Category,
				rule.Document.Severity, strconv.Itoa(rule.Version), strconv.Itoa(rule.DeviceCount), strings.Join(systems, ";"),
				rule.Modified.UTC().Format(time.RFC3339), rule.ModifiedBy.Login}
		})
}

// GetRuleCounts answers {rule_id, rule_sets, devices, detections}
// (docs/api/rules.md): the sets holding the rule, the devices whose
// policy's set enables it, and the detections it raised.
func (s *Handlers) GetRuleCounts(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := RuleID(r, optics.RuleKindDetection)
	if err != nil {
		return err
	}
	c, err := t.DetectionRuleCounts(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, struct {
		RuleID     string `json:"rule_id"`
		RuleSets   int    `json:"rule_sets"`
		Devices    int    `json:"devices"`
		Detections int    `json:"detections"`
	}{id.String(), c.RuleSets, c.Devices, c.Detections})
	return nil
}

// The handlers below serve detection rules and exceptions alike, one
// document form on two route families; the {rule} segment names either.

func RuleID(r *http.Request, kind optics.RuleKind) (uuid.UUID, error) {
	return rest.PathID(r, "rule", kind.Noun())
}

// findRule resolves the {rule} path segment to a stored rule of kind.
func findRule(r *http.Request, t store.TenantStore, kind optics.RuleKind) (*optics.DetectionRule, error) {
	id, err := RuleID(r, kind)
	if err != nil {
		return nil, err
	}
	return t.DetectionRule(r.Context(), kind, id)
}

// ChangeRule applies change to the rule of the path, as the caller.
func (s *Handlers) ChangeRule(r *http.Request, t store.TenantStore, kind optics.RuleKind,
	change func(*optics.DetectionRule, wolfden.Modifier, time.Time) error) (*optics.DetectionRule, error) {
	id, err := RuleID(r, kind)
	if err != nil {
		return nil, err
	}
	by, err := modifier(r, t)
	if err != nil {
		return nil, err
	}
	now := s.Now()
	return t.UpdateDetectionRule(r.Context(), kind, id, func(rule *optics.DetectionRule) error { return change(rule, by, now) })
}

// modifier is the caller as OPTICS objects record it: its application's
// id and name.
func modifier(r *http.Request, t store.TenantStore) (wolfden.Modifier, error) {
	app, err := t.Application(r.Context(), rest.Principal(r).AppID)
	if err != nil {
		return wolfden.Modifier{}, err
	}
	return wolfden.Modifier{ID: app.ID, Login: app.Name}, nil
}

func (s *Handlers) GetRule(kind optics.RuleKind) rest.Operation {
	return func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
		rule, err := findRule(r, t, kind)
		if err != nil {
			return err
		}
		s.WriteJSON(w, r, http.StatusOK, rule.Document)
		return nil
	}
}

// GetRuleNaturalLanguage answers the rule's logic as a JSON string.
func (s *Handlers) GetRuleNaturalLanguage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	rule, err := findRule(r, t, optics.RuleKindDetection)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rule.Document.NaturalLanguage())
	return nil
}

// ValidateRule checks a document without storing it: 200 {"valid": true,
// "errors": []}, or the 400 a create would answer.
func (s *Handlers) ValidateRule(w http.ResponseWriter, r *http.Request, _ store.TenantStore) error {
	var doc optics.RuleDocument
	if err := rest.DecodeJSON(r, &doc); err != nil {
		return err
	}
	if err := doc.Normalize(); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, struct {
		Valid  bool     `json:"valid"`
		Errors []string `json:"errors"`
	}{true, []string{}})
	return nil
}

// CreateRule stores a new Custom rule of kind, version 1; an Id in the
// body is ignored, so a rule read from one tenant can be created in
// another.
func (s *Handlers) CreateRule(kind optics.RuleKind) rest.Operation {
	return func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
		var doc optics.RuleDocument
		if err := rest.DecodeJSON(r, &doc); err != nil {
			return err
		}
		by, err := modifier(r, t)
		if err != nil {
			return err
		}
		doc.ID = ""
		rule, err := optics.NewDetectionRule(t.TenantID(), kind, doc, by, s.Now())
		if err != nil {
			return err
		}
		if err := t.CreateDetectionRule(r.Context(), rule); err != nil {
			return err
		}
		s.WriteJSON(w, r, http.StatusOK, rule.Document)
		return nil
	}
}

// UpdateRule replaces a rule's document as its next version.
func (s *Handlers) UpdateRule(kind optics.RuleKind) rest.Operation {
	return func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
		var doc optics.RuleDocument
		if err := rest.DecodeJSON(r, &doc); err != nil {
			return err
		}
		rule, err := s.ChangeRule(r, t, kind, func(rule *optics.DetectionRule, by wolfden.Modifier, now time.Time) error {
			return rule.Replace(doc, by, now)
		})
		if err != nil {
			return err
		}
		s.WriteJSON(w, r, http.StatusOK, rule.Document)
		return nil
	}
}

// DeactivateRule soft-deletes a rule: 200 with an empty body; again is
// harmless.
func (s *Handlers) DeactivateRule(kind optics.RuleKind) rest.Operation {
	return func(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
		if _, err := s.ChangeRule(r, t, kind, func(rule *optics.DetectionRule, by wolfden.Modifier, now time.Time) error {
			rule.Deactivate(by, now)
			return nil
		}); err != nil {
			return err
		}
		rest.WriteEmpty(w)
		return nil
	}
}
