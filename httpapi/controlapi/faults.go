package controlapi

import (
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi/rest"
)

// faultOperation is a handler of the fault rules' routes.
type faultOperation func(w http.ResponseWriter, r *http.Request, rules *faults.Set) error

// FaultOp adapts a faultOperation into a control-plane route on the
// server's fault rules.
func (s *Handlers) FaultOp(fn faultOperation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r, s.Faults); err != nil {
			s.WriteError(w, r, err)
		}
	})
}

// faultRuleRequest is faults.Spec on the wire (docs/control-plane.md).
type faultRuleRequest struct {
	Method       string     `json:"method"`
	Path         string     `json:"path"`
	TenantID     string     `json:"tenant_id"`
	PartnerID    string     `json:"partner_id"`
	AppID        string     `json:"app_id"`
	HeaderName   string     `json:"header_name"`
	HeaderValue  *string    `json:"header_value"`
	Status       int        `json:"status"`
	RetryAfter   *int       `json:"retry_after"`
	LatencyMS    int        `json:"latency_ms"`
	LatencyMaxMS int        `json:"latency_max_ms"`
	Drop         bool       `json:"drop"`
	Probability  *float64   `json:"probability"`
	Times        *int       `json:"times"`
	After        int        `json:"after"`
	TTLSeconds   *int       `json:"ttl_seconds"`
	ExpiresAt    *time.Time `json:"expires_at"`
}

// faultRuleJSON is a rule as the control plane answers it: what was asked
// (criteria not given are left out) and what it has done.
type faultRuleJSON struct {
	ID           string     `json:"id"`
	Created      time.Time  `json:"created"`
	ExpiresAt    *time.Time `json:"expires_at"`
	Method       string     `json:"method,omitempty"`
	Path         string     `json:"path,omitempty"`
	TenantID     string     `json:"tenant_id,omitempty"`
	PartnerID    string     `json:"partner_id,omitempty"`
	AppID        string     `json:"app_id,omitempty"`
	HeaderName   string     `json:"header_name,omitempty"`
	HeaderValue  *string    `json:"header_value,omitempty"`
	Status       int        `json:"status,omitzero"`
	RetryAfter   int        `json:"retry_after,omitzero"`
	LatencyMS    int64      `json:"latency_ms,omitzero"`
	LatencyMaxMS int64      `json:"latency_max_ms,omitzero"`
	Drop         bool       `json:"drop,omitzero"`
	Probability  float64    `json:"probability"`
	Times        int        `json:"times,omitzero"`
	After        int        `json:"after"`
	Matched      int        `json:"matched"`
	Fired        int        `json:"fired"`
}

func newFaultRuleJSON(r faults.Rule) faultRuleJSON {
	id := func(v uuid.UUID) string {
		if v == uuid.Nil {
			return ""
		}
		return v.String()
	}
	out := faultRuleJSON{ID: r.ID.String(), Created: r.Created.UTC(), Method: r.Method, Path: r.Path.String(),
		TenantID: id(r.TenantID), PartnerID: id(r.PartnerID), AppID: id(r.AppID),
		HeaderName: r.HeaderName, HeaderValue: r.HeaderValue, Status: r.Status,
		RetryAfter: int(r.RetryAfter / time.Second), LatencyMS: r.Latency.Milliseconds(),
		LatencyMaxMS: r.LatencyMax.Milliseconds(), Drop: r.Drop, Probability: r.Probability,
		Times: r.Times, After: r.After, Matched: r.Matched, Fired: r.Fired}
	if !r.Expires.IsZero() {
		at := r.Expires.UTC()
		out.ExpiresAt = &at
	}
	return out
}

// CreateFault is POST /control/v1/faults: a new rule, answered as GET
// shows it. A faulty field is a 400 naming it; a rule past
// faults.MaxRules a 409.
func (s *Handlers) CreateFault(w http.ResponseWriter, r *http.Request, rules *faults.Set) error {
	var req faultRuleRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	rule, err := rules.Add(faults.Spec(req))
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newFaultRuleJSON(rule))
	return nil
}

// ListFaults is GET /control/v1/faults: the rules in force, oldest first,
// which is the order they are checked in.
func (s *Handlers) ListFaults(w http.ResponseWriter, r *http.Request, rules *faults.Set) error {
	list := rules.Rules()
	out := make([]faultRuleJSON, len(list))
	for i, rule := range list {
		out[i] = newFaultRuleJSON(rule)
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// GetFault is GET /control/v1/faults/{fault}; a rule deleted, expired or
// spent is a 404.
func (s *Handlers) GetFault(w http.ResponseWriter, r *http.Request, rules *faults.Set) error {
	id, err := rest.PathID(r, "fault", "fault rule")
	if err != nil {
		return err
	}
	rule, err := rules.Rule(id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newFaultRuleJSON(rule))
	return nil
}

// DeleteFault is DELETE /control/v1/faults/{fault}: 200, empty.
func (s *Handlers) DeleteFault(w http.ResponseWriter, r *http.Request, rules *faults.Set) error {
	id, err := rest.PathID(r, "fault", "fault rule")
	if err != nil {
		return err
	}
	if err := rules.Delete(id); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// DeleteFaults is DELETE /control/v1/faults: every rule is gone; 200,
// empty.
func (s *Handlers) DeleteFaults(w http.ResponseWriter, r *http.Request, rules *faults.Set) error {
	rules.Clear()
	rest.WriteEmpty(w)
	return nil
}
