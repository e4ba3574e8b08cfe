package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// LifecycleStore holds a tenant's Device Lifecycle Management.
type LifecycleStore interface {
	LifecycleSettings(ctx context.Context) (wolfden.LifecycleSettings, error)
	// UpdateLifecycleSettings applies change to the stored settings
	// atomically and stores the result.
	UpdateLifecycleSettings(ctx context.Context, change func(*wolfden.LifecycleSettings) error) (wolfden.LifecycleSettings, error)
	// SetLifecycleExempt exempts devices from DLCM or includes them again,
	// all or none: ENotFound naming a device that does not exist.
	SetLifecycleExempt(ctx context.Context, ids []uuid.UUID, exempt bool, now time.Time) error
	// ResetInactivePeriod restarts the offline count of devices at now,
	// all or none like SetLifecycleExempt.
	ResetInactivePeriod(ctx context.Context, ids []uuid.UUID, now time.Time) error
	// RemoveInactiveDevices deletes the devices whose removal is due at now
	// (LifecycleSettings.RemovalDue) and counts them.
	RemoveInactiveDevices(ctx context.Context, now time.Time) (int64, error)
}
