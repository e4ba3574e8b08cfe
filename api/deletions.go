package api

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/go-json-experiment/json"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// deleteDevices is DELETE /devices/v2 (and POST /devices/v2/delete): it
// records the request and answers its id; Run completes it.
func (s *Server) deleteDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		DeviceIDs   []string `json:"device_ids"`
		CallbackURL *string  `json:"callback_url"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	d, err := wolfden.NewDeviceDeletion(t.TenantID(), req.DeviceIDs, req.CallbackURL, s.now())
	if err != nil {
		return err
	}
	if err := t.RequestDeviceDeletion(r.Context(), d); err != nil {
		return err
	}
	select {
	case s.deletions <- store.DeletionRef{TenantID: t.TenantID(), RequestID: d.ID}:
	default: // a full queue: Run's periodic sweep picks it up
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		RequestID string `json:"request_id"`
	}{d.ID.String()})
	return nil
}

// Run does the API's background work until ctx ends: it completes device
// deletions, those accepted from now on and every one a previous run left
// pending (by a full queue or a restart), and every sweep interval removes
// the devices lifecycle management says are due.
func (s *Server) Run(ctx context.Context) {
	tick := time.NewTicker(s.sweepInterval)
	defer tick.Stop()
	s.completePendingDeletions(ctx)
	s.removeInactiveDevices(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case ref := <-s.deletions:
			s.completeDeletion(ctx, ref)
		case <-tick.C:
			s.completePendingDeletions(ctx)
			s.removeInactiveDevices(ctx)
		}
	}
}

func (s *Server) completePendingDeletions(ctx context.Context) {
	refs, err := s.store.PendingDeviceDeletions(ctx)
	if err != nil {
		s.log.Error("list pending device deletions", "error", err)
		return
	}
	for _, ref := range refs {
		s.completeDeletion(ctx, ref)
	}
}

func (s *Server) completeDeletion(ctx context.Context, ref store.DeletionRef) {
	now := s.now()
	d, completed, err := s.store.ForTenant(ref.TenantID).CompleteDeviceDeletion(ctx, ref.RequestID, now)
	if err != nil {
		if ctx.Err() == nil {
			s.log.Error("complete device deletion", "request_id", ref.RequestID, "error", err)
		}
		return
	}
	if d.CallbackURL != "" && completed {
		go s.sendDeletionCallback(ctx, d)
	}
}

// sendDeletionCallback POSTs {request_id, device_ids, status} to the
// request's callback URL (spec open question 25) when the allowlist
// allows it. wolfden never reaches a host the operator did not allow: see
// CallbackAllowlist.
func (s *Server) sendDeletionCallback(ctx context.Context, d *wolfden.DeviceDeletion) {
	u, err := url.Parse(d.CallbackURL)
	if err != nil {
		return
	}
	log := s.log.With("request_id", d.ID, "callback_host", u.Hostname())
	if !s.callbacks.allowsHost(u.Hostname()) {
		log.Info("device deletion callback not sent: host not on WOLFDEN_CALLBACK_ALLOWLIST")
		return
	}
	ids := make([]string, len(d.DeviceIDs))
	for i, id := range d.DeviceIDs {
		ids[i] = id.String()
	}
	body, _ := json.Marshal(map[string]any{"request_id": d.ID.String(), "device_ids": ids, "status": "Completed"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.CallbackURL, bytes.NewReader(body))
	if err != nil {
		return
	}
	req.Header.Set("Content-Type", contentTypeJSON)
	res, err := s.callbackClient.Do(req)
	if err != nil {
		log.Warn("device deletion callback failed", "error", err)
		return
	}
	res.Body.Close()
	if res.StatusCode >= 300 && res.StatusCode < 400 {
		log.LogAttrs(ctx, slog.LevelWarn, "device deletion callback redirected: redirects are not followed", slog.Int("status", res.StatusCode))
		return
	}
	log.LogAttrs(ctx, slog.LevelInfo, "device deletion callback sent", slog.Int("status", res.StatusCode))
}
