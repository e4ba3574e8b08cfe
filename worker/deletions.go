package worker

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"

	"github.com/go-json-experiment/json"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/store"
)

func (w *Worker) completePendingDeletions(ctx context.Context) {
	done, errors := 0, 0
	defer func() { w.ran(metrics.TaskDeletions, done, errors) }()
	refs, err := w.store.PendingDeviceDeletions(ctx)
	if err != nil {
		w.log.Error("list pending device deletions", "error", err)
		errors = failures(ctx, err)
		return
	}
	for _, ref := range refs {
		completed, err := w.completeDeletion(ctx, ref)
		done += count(completed)
		errors += failures(ctx, err)
	}
}

// completeDeletion completes a deletion request, and tells whether this
// call completed it (it may have been already).
func (w *Worker) completeDeletion(ctx context.Context, ref store.DeletionRef) (bool, error) {
	now := w.now()
	d, completed, err := w.store.ForTenant(ref.TenantID).CompleteDeviceDeletion(ctx, ref.RequestID, now)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Error("complete device deletion", "request_id", ref.RequestID, "error", err)
		}
		return false, err
	}
	if d.CallbackURL != "" && completed {
		go w.sendDeletionCallback(ctx, d)
	}
	return completed, nil
}

// sendDeletionCallback POSTs {request_id, device_ids, status} to the
// request's callback URL when the allowlist
// allows it. wolfden never reaches a host the operator did not allow: see
// CallbackAllowlist.
func (w *Worker) sendDeletionCallback(ctx context.Context, d *wolfden.DeviceDeletion) {
	u, err := url.Parse(d.CallbackURL)
	if err != nil {
		return
	}
	log := w.log.With("request_id", d.ID, "callback_host", u.Hostname())
	if !w.callbacks.allowsHost(u.Hostname()) {
		log.Info("device deletion callback not sent: host not on WOLFDEN_CALLBACK_ALLOWLIST")
		return
	}
	sent, failed := false, false
	defer func() { w.ran(metrics.TaskCallbacks, count(sent), count(failed)) }()
	ids := make([]string, len(d.DeviceIDs))
	for i, id := range d.DeviceIDs {
		ids[i] = id.String()
	}
	body, _ := json.Marshal(map[string]any{"request_id": d.ID.String(), "device_ids": ids, "status": "Completed"})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.CallbackURL, bytes.NewReader(body))
	if err != nil {
		failed = true
		return
	}
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	res, err := w.callbackClient.Do(req)
	if err != nil {
		log.Warn("device deletion callback failed", "error", err)
		failed = ctx.Err() == nil
		return
	}
	res.Body.Close()
	if res.StatusCode >= 300 && res.StatusCode < 400 {
		log.LogAttrs(ctx, slog.LevelWarn, "device deletion callback redirected: redirects are not followed", slog.Int("status", res.StatusCode))
		failed = true
		return
	}
	sent = true
	log.LogAttrs(ctx, slog.LevelInfo, "device deletion callback sent", slog.Int("status", res.StatusCode))
}
