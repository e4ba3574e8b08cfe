package controlapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/protectapi"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

type memoryEventReport struct {
	// ViolationType and Action take a number or a name ("lsassread",
	// "Block"), so they stay raw until parsed.
	ViolationType jsontext.Value `json:"violation_type"`
	Action        jsontext.Value `json:"action"`
	ImageName     string         `json:"image_name"`
	ProcessID     int            `json:"process_id"`
	FileHashID    string         `json:"file_hash_id"`
	FileVersion   string         `json:"file_version"`
	Username      string         `json:"username"`
	SID           string         `json:"sid"`
	Groups        string         `json:"groups"`
	AgentEventID  string         `json:"agent_event_id"`
	Created       *time.Time     `json:"created"`
}

// rawScalar is a JSON number or string as plain text ("" when absent).
func rawScalar(v jsontext.Value) string {
	if v.Kind() == '"' {
		s, _ := strconv.Unquote(string(v))
		return s
	}
	return string(v)
}

// ReportMemoryEvent is POST /control/v1/tenants/{tenant}/devices/{device}/memoryevents.
func (s *Handlers) ReportMemoryEvent(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	var req memoryEventReport
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	d, err := t.Device(r.Context(), id)
	if err != nil {
		return err
	}
	e := &wolfden.MemoryEvent{
		ID: uuid.New(), DeviceID: id, AgentEventID: req.AgentEventID, Created: s.Now(), ImageName: req.ImageName,
		ProcessID: req.ProcessID, FileVersion: req.FileVersion, DLLVersion: d.AgentVersion,
		Username: req.Username, SID: req.SID, Groups: req.Groups, Action: 2,
	}
	var ok bool
	if e.ViolationType, ok = wolfden.ParseViolationType(rawScalar(req.ViolationType)); !ok {
		return wolfden.FieldErrorf("violation_type", "%s is not a violation type (a number such as 12 or a name such as lsassread)", req.ViolationType)
	}
	if len(req.Action) > 0 {
		if e.Action, ok = wolfden.ParseMemoryAction(rawScalar(req.Action)); !ok {
			return wolfden.FieldErrorf("action", "%s is not an action: 0 None, 1 Alert, 2 Block, 3 Terminate", req.Action)
		}
	}
	if e.ImageName == "" {
		return wolfden.FieldErrorf("image_name", "image_name is required")
	}
	if req.FileHashID != "" {
		if e.FileHashID, ok = wolfden.ParseSHA256(req.FileHashID); !ok {
			return wolfden.FieldErrorf("file_hash_id", "%q is not a SHA-256", req.FileHashID)
		}
	}
	if req.Created != nil {
		e.Created = req.Created.UTC()
	}
	if e.AgentEventID == "" {
		e.AgentEventID = wolfden.OpticsID(uuid.New())[:16]
	}
	if err := t.CreateMemoryEvents(r.Context(), e); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, protectapi.NewMemoryEventJSON(e))
	return nil
}
