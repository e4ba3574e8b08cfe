package api

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/google/uuid"
	"github.com/wolfden/wolfden"
)

// The OPTICS detection rule routes (spec rules.md). The rule list, its
// CSV and the per-rule counts wait for rule sets, which they count.
func (s *Server) ruleRoutes(r chi.Router) {
	// The guide's page names opticsdetect:read for reading a rule; either
	// scope will do (spec open question 35).
	read := []wolfden.Scope{wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsDetectRead}
	r.Method(http.MethodGet, "/rules/v2/{rule}", s.op(s.getRule, read...))
	r.Method(http.MethodGet, "/rules/v2/{rule}/natlang", s.op(s.getRuleNaturalLanguage, read...))
	r.Method(http.MethodPost, "/rules/v2/validate", s.op(s.validateRule, wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsRuleCreate))
	r.Method(http.MethodPost, "/rules/v2", s.op(s.createRule, wolfden.ScopeOpticsRuleCreate))
	r.Method(http.MethodPut, "/rules/v2/{rule}", s.op(s.updateRule, wolfden.ScopeOpticsRuleUpdate))
	r.Method(http.MethodPost, "/rules/v2/{rule}/deactivate", s.op(s.deactivateRule, wolfden.ScopeOpticsRuleDelete, wolfden.ScopeOpticsRuleUpdate))
}

func ruleID(r *http.Request) (uuid.UUID, error) { return pathID(r, "rule", "rule") }

// findRule resolves the {rule} path segment to a stored rule.
func findRule(r *http.Request, t wolfden.TenantStore) (*wolfden.DetectionRule, error) {
	id, err := ruleID(r)
	if err != nil {
		return nil, err
	}
	return t.DetectionRule(r.Context(), id)
}

// changeRule applies change to the rule of the path, as the caller.
func (s *Server) changeRule(r *http.Request, t wolfden.TenantStore, change func(*wolfden.DetectionRule, wolfden.Modifier, time.Time) error) (*wolfden.DetectionRule, error) {
	id, err := ruleID(r)
	if err != nil {
		return nil, err
	}
	by, err := modifier(r, t)
	if err != nil {
		return nil, err
	}
	now := s.now()
	return t.UpdateDetectionRule(r.Context(), id, func(rule *wolfden.DetectionRule) error { return change(rule, by, now) })
}

// modifier is the caller as OPTICS objects record it: its application's
// id and name.
func modifier(r *http.Request, t wolfden.TenantStore) (wolfden.Modifier, error) {
	app, err := t.Application(r.Context(), principal(r).AppID)
	if err != nil {
		return wolfden.Modifier{}, err
	}
	return wolfden.Modifier{ID: app.ID, Login: app.Name}, nil
}

func (s *Server) getRule(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	rule, err := findRule(r, t)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, rule.Document)
	return nil
}

// getRuleNaturalLanguage answers the rule's logic as a JSON string.
func (s *Server) getRuleNaturalLanguage(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	rule, err := findRule(r, t)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, rule.Document.NaturalLanguage())
	return nil
}

// validateRule checks a document without storing it: 200 {"valid": true,
// "errors": []}, or the 400 a create would answer.
func (s *Server) validateRule(w http.ResponseWriter, r *http.Request, _ wolfden.TenantStore) error {
	var doc wolfden.RuleDocument
	if err := decodeJSON(r, &doc); err != nil {
		return err
	}
	if err := doc.Normalize(); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		Valid  bool     `json:"valid"`
		Errors []string `json:"errors"`
	}{true, []string{}})
	return nil
}

// createRule stores a new Custom rule, version 1; an Id in the body is
// ignored, so a rule read from one tenant can be created in another.
func (s *Server) createRule(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	var doc wolfden.RuleDocument
	if err := decodeJSON(r, &doc); err != nil {
		return err
	}
	by, err := modifier(r, t)
	if err != nil {
		return err
	}
	doc.ID = ""
	rule, err := wolfden.NewDetectionRule(t.TenantID(), doc, by, s.now())
	if err != nil {
		return err
	}
	if err := t.CreateDetectionRule(r.Context(), rule); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, rule.Document)
	return nil
}

// updateRule replaces a rule's document as its next version.
func (s *Server) updateRule(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	var doc wolfden.RuleDocument
	if err := decodeJSON(r, &doc); err != nil {
		return err
	}
	rule, err := s.changeRule(r, t, func(rule *wolfden.DetectionRule, by wolfden.Modifier, now time.Time) error {
		return rule.Replace(doc, by, now)
	})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, rule.Document)
	return nil
}

// deactivateRule soft-deletes a rule: 200 with an empty body; again is
// harmless.
func (s *Server) deactivateRule(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	if _, err := s.changeRule(r, t, func(rule *wolfden.DetectionRule, by wolfden.Modifier, now time.Time) error {
		rule.Deactivate(by, now)
		return nil
	}); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}
