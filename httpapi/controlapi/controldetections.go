package controlapi

import (
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/opticsapi"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

type detectionRaiseRequest struct {
	RuleID         string       `json:"rule_id"`
	Event          optics.Event `json:"event"`
	OccurrenceTime *time.Time   `json:"occurrence_time"`
}

// raiseDetectionJSON answers a raise: the detection, or the exceptions
// that suppressed it.
type raiseDetectionJSON struct {
	Suppressed        bool                             `json:"suppressed"`
	AppliedExceptions []opticsapi.DetectionRuleRefJSON `json:"applied_exceptions"`
	Detection         *opticsapi.DetectionDetailJSON   `json:"detection"`
}

// RaiseDetection is POST /control/v1/tenants/{tenant}/devices/{device}/detections:
// the device's agent reports that an event activated a detection rule. An
// active exception that matches the event suppresses the detection, which
// is then not stored.
func (s *Handlers) RaiseDetection(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	var req detectionRaiseRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	ruleID, ok := wolfden.ParseID(req.RuleID)
	if !ok {
		return wolfden.FieldErrorf("rule_id", "%q is not a rule id", req.RuleID)
	}
	ctx := r.Context()
	device, err := t.Device(ctx, id)
	if err != nil {
		return err
	}
	rule, err := t.DetectionRule(ctx, optics.RuleKindDetection, ruleID)
	if err != nil {
		return err
	}
	var occurred time.Time
	if req.OccurrenceTime != nil {
		occurred = *req.OccurrenceTime
	}
	d, err := optics.NewDetection(rule, device, req.Event, occurred, s.Now())
	if err != nil {
		return err
	}
	exceptions, err := t.ActiveDetectionRules(ctx, optics.RuleKindException)
	if err != nil {
		return err
	}
	out := raiseDetectionJSON{AppliedExceptions: []opticsapi.DetectionRuleRefJSON{}}
	for _, e := range d.Suppressed(exceptions) {
		out.AppliedExceptions = append(out.AppliedExceptions, opticsapi.NewDetectionRuleRefJSON(e))
	}
	if out.Suppressed = len(out.AppliedExceptions) > 0; !out.Suppressed {
		if err := t.RaiseDetections(ctx, d); err != nil {
			return err
		}
		detail := opticsapi.NewDetectionDetailJSON(d)
		out.Detection = &detail
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
