package protectapi

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

// lifecycleSettingsJSON is wolfden's shape for the settings, which the
// vendor does not document: the console's two periods and its switch.
type lifecycleSettingsJSON struct {
	InactiveDays    int  `json:"inactive_days"`
	DeletionEnabled bool `json:"deletion_enabled"`
	DeletionDays    int  `json:"deletion_days"`
}

func newLifecycleSettingsJSON(ls wolfden.LifecycleSettings) lifecycleSettingsJSON {
	return lifecycleSettingsJSON{InactiveDays: ls.InactiveDays, DeletionEnabled: ls.DeletionEnabled, DeletionDays: ls.DeletionDays}
}

func (s *Handlers) LifecycleSettings(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	ls, err := t.LifecycleSettings(r.Context())
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newLifecycleSettingsJSON(ls))
	return nil
}

// UpdateLifecycleSettings changes the members given and answers the
// settings that result.
func (s *Handlers) UpdateLifecycleSettings(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req struct {
		InactiveDays    *int  `json:"inactive_days"`
		DeletionEnabled *bool `json:"deletion_enabled"`
		DeletionDays    *int  `json:"deletion_days"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	change := wolfden.LifecycleChange{InactiveDays: req.InactiveDays, DeletionEnabled: req.DeletionEnabled, DeletionDays: req.DeletionDays}
	ls, err := t.UpdateLifecycleSettings(r.Context(), change.Apply)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newLifecycleSettingsJSON(ls))
	return nil
}

func (s *Handlers) ExemptDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.ChangeDevices(w, r, func(ctx context.Context, ids []uuid.UUID) error {
		return t.SetLifecycleExempt(ctx, ids, true, s.Now())
	})
}

func (s *Handlers) IncludeDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.ChangeDevices(w, r, func(ctx context.Context, ids []uuid.UUID) error {
		return t.SetLifecycleExempt(ctx, ids, false, s.Now())
	})
}

func (s *Handlers) ResetInactivePeriod(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.ChangeDevices(w, r, func(ctx context.Context, ids []uuid.UUID) error {
		return t.ResetInactivePeriod(ctx, ids, s.Now())
	})
}

// ChangeDevices reads a DLCM route's body, a JSON array of device ids,
// applies change to them, and answers 200 with an empty body.
func (s *Handlers) ChangeDevices(w http.ResponseWriter, r *http.Request, change func(context.Context, []uuid.UUID) error) error {
	var req []string
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	ids, err := wolfden.ParseDeviceIDs(req)
	if err != nil {
		return err
	}
	if err := change(r.Context(), ids); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
