package protectapi

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var memoryEventPages = rest.PageLimits{Default: 10, Max: 200}

// memoryEventJSON is a memory-protection event. The user is under both
// username and user_name, since clients read either
// (docs/api/memoryprotection.md).
type memoryEventJSON struct {
	ID            string          `json:"device_image_file_event_id"`
	AgentEventID  string          `json:"agent_event_id"`
	DeviceID      string          `json:"device_id"`
	Created       rest.IsoSeconds `json:"created"`
	Action        int             `json:"action"`
	ViolationType int             `json:"violation_type"`
	ImageName     string          `json:"image_name"`
	ProcessID     int             `json:"process_id"`
	FileHashID    string          `json:"file_hash_id"`
	FileVersion   string          `json:"file_version"`
	DLLVersion    string          `json:"dll_version"`
	Username      string          `json:"username"`
	UserName      string          `json:"user_name"`
	SID           string          `json:"sid"`
	Groups        string          `json:"groups"`
}

func NewMemoryEventJSON(e *wolfden.MemoryEvent) memoryEventJSON {
	return memoryEventJSON{
		ID: e.ID.String(), AgentEventID: e.AgentEventID, DeviceID: e.DeviceID.String(), Created: rest.IsoSeconds(e.Created),
		Action: e.Action, ViolationType: e.ViolationType, ImageName: e.ImageName, ProcessID: e.ProcessID,
		FileHashID: e.FileHashID, FileVersion: e.FileVersion, DLLVersion: e.DLLVersion,
		Username: e.Username, UserName: e.Username, SID: e.SID, Groups: e.Groups,
	}
}

func (s *Handlers) ListMemoryEvents(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	from, to, err := rest.ParseTimeRange(r)
	if err != nil {
		return err
	}
	var device *uuid.UUID
	if v := r.URL.Query().Get("device_id"); v != "" {
		id, ok := wolfden.ParseID(v)
		if !ok {
			return wolfden.FieldErrorf("device_id", "%q is not a device id", v)
		}
		device = &id
	}
	req, err := rest.ParsePage(r, memoryEventPages)
	if err != nil {
		return err
	}
	page, err := t.MemoryEvents(r.Context(), from, to, device, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, NewMemoryEventJSON))
	return nil
}

func (s *Handlers) GetMemoryEvent(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.PathID(r, "event", "memory protection event")
	if err != nil {
		return err
	}
	e, err := t.MemoryEvent(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, NewMemoryEventJSON(e))
	return nil
}
