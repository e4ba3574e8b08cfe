package protectapi

import (
	"net/http"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

// DeleteDevices is DELETE /devices/v2 (and POST /devices/v2/delete): it
// records the request and answers its id; the worker completes it.
func (s *Handlers) DeleteDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		DeviceIDs   []string `json:"device_ids"`
		CallbackURL *string  `json:"callback_url"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	d, err := wolfden.NewDeviceDeletion(t.TenantID(), req.DeviceIDs, req.CallbackURL, s.Now())
	if err != nil {
		return err
	}
	if err := t.RequestDeviceDeletion(r.Context(), d); err != nil {
		return err
	}
	s.Deletions.Enqueue(store.DeletionRef{TenantID: t.TenantID(), RequestID: d.ID})
	s.WriteJSON(w, r, http.StatusOK, struct {
		RequestID string `json:"request_id"`
	}{d.ID.String()})
	return nil
}
