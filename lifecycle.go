package wolfden

import (
	"time"

	"github.com/google/uuid"
)

// LifecycleSettings is a tenant's Device Lifecycle Management (DLCM): a
// device offline for InactiveDays becomes inactive, and when
// DeletionEnabled an inactive device is removed DeletionDays later.
// Devices exempted from DLCM are never removed.
type LifecycleSettings struct {
	InactiveDays    int
	DeletionEnabled bool
	DeletionDays    int
}

// DefaultLifecycleSettings are a new tenant's: inactive after 30 days,
// never removed, as the console starts out.
var DefaultLifecycleSettings = LifecycleSettings{InactiveDays: 30, DeletionDays: 30}

// The console's bounds for both periods.
const (
	MinLifecycleDays = 7
	MaxLifecycleDays = 180
)

// LifecycleChange is PUT /devices/v2/inactive/settings: nil fields keep
// their value.
type LifecycleChange struct {
	InactiveDays    *int
	DeletionEnabled *bool
	DeletionDays    *int
}

// Apply validates c and applies it to s.
func (c LifecycleChange) Apply(s *LifecycleSettings) error {
	if c.InactiveDays == nil && c.DeletionEnabled == nil && c.DeletionDays == nil {
		return Errorf(EInvalid, "give at least one of inactive_days, deletion_enabled and deletion_days")
	}
	for _, f := range []struct {
		name  string
		value *int
		dest  *int
	}{{"inactive_days", c.InactiveDays, &s.InactiveDays}, {"deletion_days", c.DeletionDays, &s.DeletionDays}} {
		if f.value == nil {
			continue
		}
		if *f.value < MinLifecycleDays || *f.value > MaxLifecycleDays {
			return FieldErrorf(f.name, "%s must be between %d and %d, not %d", f.name, MinLifecycleDays, MaxLifecycleDays, *f.value)
		}
		*f.dest = *f.value
	}
	if c.DeletionEnabled != nil {
		s.DeletionEnabled = *c.DeletionEnabled
	}
	return nil
}

// RemovalPeriod is how long a device must stay offline before it is
// removed: inactive first, then deleted.
func (s LifecycleSettings) RemovalPeriod() time.Duration {
	return time.Duration(s.InactiveDays+s.DeletionDays) * 24 * time.Hour
}

// RemovalDue is when d is removed under s, or nil when it never will be:
// it is exempt, online, or removal is off. The offline period counts from
// when the device went offline or from its last inactive-period reset,
// whichever is later.
func (s LifecycleSettings) RemovalDue(d *Device) *time.Time {
	if !s.DeletionEnabled || d.LifecycleExempt || d.Offline == nil {
		return nil
	}
	since := *d.Offline
	if d.InactiveReset != nil && d.InactiveReset.After(since) {
		since = *d.InactiveReset
	}
	due := since.Add(s.RemovalPeriod())
	return &due
}

// MaxDevicesPerLifecycleChange bounds the device lists of the DLCM routes.
const MaxDevicesPerLifecycleChange = 1000

// ParseDeviceIDs validates the device list of a DLCM route: 1 to 1,000
// GUIDs in either form, duplicates ignored. Unlike a deletion, a malformed
// id is an error: these routes change devices, so a typo must not pass
// silently.
func ParseDeviceIDs(in []string) ([]uuid.UUID, error) {
	return ParseIDBatch("", "device", in, MaxDevicesPerLifecycleChange)
}
