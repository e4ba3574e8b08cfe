package journal

import (
	"strings"
	"time"

	"github.com/google/uuid"
)

// Filter selects entries; a zero field selects any.
type Filter struct {
	TenantID, AppID, PartnerID uuid.UUID
	Method                     string // any case
	// Path is the path exactly, or, ending in "*", a prefix of it.
	Path string
	// Route is a route table pattern exactly, e.g. /devices/v2/{device}.
	Route string
	// Status is a status, 404; StatusClass its hundreds, 4 for 4xx.
	Status, StatusClass int
	Since, Until        time.Time // Since ≤ Time < Until
	After               uint64    // entries numbered after this one
	OldestFirst         bool
	Limit               int // 0: no limit
}

// Matches tells whether e passes f; a nil e never does.
func (f *Filter) Matches(e *Entry) bool {
	switch {
	case e == nil,
		f.TenantID != uuid.Nil && e.TenantID != f.TenantID,
		f.AppID != uuid.Nil && e.AppID != f.AppID,
		f.PartnerID != uuid.Nil && e.PartnerID != f.PartnerID,
		f.Method != "" && !strings.EqualFold(e.Method, f.Method),
		f.Route != "" && e.Route != f.Route,
		f.Status != 0 && e.Status != f.Status,
		f.StatusClass != 0 && e.Status/100 != f.StatusClass,
		!f.Since.IsZero() && e.Time.Before(f.Since),
		!f.Until.IsZero() && !e.Time.Before(f.Until):
		return false
	}
	if prefix, ok := strings.CutSuffix(f.Path, "*"); ok {
		return strings.HasPrefix(e.Path, prefix)
	}
	return f.Path == "" || e.Path == f.Path
}
