package opticsapi

import (
	"fmt"
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// detectionUpdateJSON is one element of an update: field_to_update sets
// the status or the comment, never both.
type detectionUpdateJSON struct {
	DetectionID   string `json:"detection_id"`
	FieldToUpdate struct {
		Status  *string `json:"status"`
		Comment *string `json:"comment"`
	} `json:"field_to_update"`
}

func (u *detectionUpdateJSON) change(at string) (optics.DetectionChange, error) {
	var c optics.DetectionChange
	id, ok := wolfden.ParseID(u.DetectionID)
	if !ok {
		return c, wolfden.FieldErrorf(at+".detection_id", "%q is not a detection id", u.DetectionID)
	}
	c.ID = id
	f := u.FieldToUpdate
	switch {
	case f.Status != nil && f.Comment != nil:
		return c, wolfden.FieldErrorf(at+".field_to_update", "change either status or comment in one element, not both")
	case f.Status != nil:
		status, err := optics.ParseDetectionStatus(at+".field_to_update.status", *f.Status)
		c.Status = &status
		return c, err
	case f.Comment != nil:
		c.Comment = f.Comment
		return c, nil
	}
	return c, wolfden.FieldErrorf(at+".field_to_update", "field_to_update must set status or comment")
}

// UpdateDetections is POST /detections/v2/update and POST /detections/v2:
// every change or none; the answer is the changed detections as the list
// shows them.
func (s *Handlers) UpdateDetections(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req []detectionUpdateJSON
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if len(req) == 0 || len(req) > optics.MaxDetectionBatch {
		return wolfden.Errorf(wolfden.EInvalid, "send 1 to %d updates, not %d", optics.MaxDetectionBatch, len(req))
	}
	changes := make([]optics.DetectionChange, len(req))
	for i := range req {
		var err error
		if changes[i], err = req[i].change(fmt.Sprintf("[%d]", i)); err != nil {
			return err
		}
	}
	updated, err := t.UpdateDetections(r.Context(), changes)
	if err != nil {
		return err
	}
	out := make([]detectionSummaryJSON, len(updated))
	for i := range updated {
		out[i] = newDetectionSummaryJSON(&updated[i])
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

func (s *Handlers) DeleteDetection(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.PathID(r, "detection", "detection")
	if err != nil {
		return err
	}
	if err := t.DeleteDetections(r.Context(), "", []uuid.UUID{id}); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// DeleteDetections is DELETE /detections/v2 {"ids": [...]}: all or none.
func (s *Handlers) DeleteDetections(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		IDs []string `json:"ids"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	ids, err := wolfden.ParseIDBatch("ids", "detection", req.IDs, optics.MaxDetectionBatch)
	if err != nil {
		return err
	}
	if err := t.DeleteDetections(r.Context(), "ids", ids); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
