package agentsim

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// NetworkLockdown is a device's network lockdown
// (docs/api/devicecommands.md): for a while its agent cuts it off the
// network but for the cloud. The cloud records it when it is asked; an
// offline device applies it when it connects, and the expiry counts from
// the request either way, as the vendor reports lockdown_expiration at
// once.
type NetworkLockdown struct {
	// ConfigID and Type are the documented request body's
	// lockdown_config_id (default 1) and lockdown_type (default
	// "Lockdown"), kept as sent: they name configurations of the vendor's
	// Lockdown configurations API, which is not public.
	ConfigID  int
	Type      string
	Password  string // unlocks the device locally
	Initiated time.Time
	// Expires is when the lockdown ends, or ended: lifting it early sets it
	// to the time it was lifted.
	Expires time.Time
}

// Lockdown commands, as the history records them.
const (
	CommandLockdown = "lockdown"
	CommandUnlock   = "unlock"
)

// LockdownEvent is an entry of a device's lockdown history: who (the
// calling application) asked for what, when.
type LockdownEvent struct {
	UserID  uuid.UUID
	At      time.Time
	Command string
}

// LockdownState is a device's latest lockdown (nil if it never had one)
// and every lockdown command it was given, oldest first.
type LockdownState struct {
	DeviceID uuid.UUID
	Current  *NetworkLockdown
	History  []LockdownEvent
}

// Locked reports whether the device is locked down at now.
func (st *LockdownState) Locked(now time.Time) bool {
	return st.Current != nil && now.Before(st.Current.Expires)
}

// LockdownRequest is a request to lock a device down.
type LockdownRequest struct {
	Duration time.Duration
	ConfigID *int
	Type     string
}

// Lockdown durations: the vendor allows d:hh:mm from 0:00:05 to 3:00:00
// (docs/api/devicecommands.md).
const (
	MinLockdown = 5 * time.Minute
	MaxLockdown = 72 * time.Hour
)

var lockdownDuration = regexp.MustCompile(`^(\d+):(\d\d):(\d\d)$`)

// ParseLockdownDuration parses the expires parameter, d:hh:mm.
func ParseLockdownDuration(s string) (time.Duration, error) {
	m := lockdownDuration.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, wolfden.FieldErrorf("expires", "%q is not a duration d:hh:mm (e.g. 0:01:30 for an hour and a half)", s)
	}
	days, _ := strconv.Atoi(m[1])
	hours, _ := strconv.Atoi(m[2])
	minutes, _ := strconv.Atoi(m[3])
	if hours > 23 || minutes > 59 {
		return 0, wolfden.FieldErrorf("expires", "%q: hours run to 23 and minutes to 59", s)
	}
	d := time.Duration(days)*24*time.Hour + time.Duration(hours)*time.Hour + time.Duration(minutes)*time.Minute
	if days > 3 || d < MinLockdown || d > MaxLockdown {
		return 0, wolfden.FieldErrorf("expires", "%q: a lockdown lasts from 0:00:05 (5 minutes) to 3:00:00 (3 days)", s)
	}
	return d, nil
}

// Lock locks the device down at now for the caller by; EConflict while it
// is locked already.
func (st *LockdownState) Lock(req LockdownRequest, by uuid.UUID, now time.Time) error {
	if st.Locked(now) {
		return wolfden.Errorf(wolfden.EConflict, "device %s is locked down until %s", wolfden.OpticsID(st.DeviceID),
			st.Current.Expires.UTC().Format(time.RFC3339))
	}
	if req.Duration < MinLockdown || req.Duration > MaxLockdown {
		return wolfden.FieldErrorf("expires", "a lockdown lasts from 5 minutes to 3 days, not %s", req.Duration)
	}
	l := &NetworkLockdown{ConfigID: 1, Type: "Lockdown", Password: wolfden.NewPassword(), Initiated: now, Expires: now.Add(req.Duration)}
	if req.ConfigID != nil {
		if *req.ConfigID < 1 {
			return wolfden.FieldErrorf("lockdown_config_id", "lockdown_config_id must be a positive integer, not %d", *req.ConfigID)
		}
		l.ConfigID = *req.ConfigID
	}
	if t := strings.TrimSpace(req.Type); t != "" {
		l.Type = t
	}
	st.Current = l
	st.History = append(st.History, LockdownEvent{UserID: by, At: now, Command: CommandLockdown})
	return nil
}

// Unlock lifts the lockdown early; EConflict when the device is not locked
// down. The lockdown keeps its password and initiation; its expiration
// becomes now.
func (st *LockdownState) Unlock(by uuid.UUID, now time.Time) error {
	if !st.Locked(now) {
		return wolfden.Errorf(wolfden.EConflict, "device %s is not locked down", wolfden.OpticsID(st.DeviceID))
	}
	st.Current.Expires = now
	st.History = append(st.History, LockdownEvent{UserID: by, At: now, Command: CommandUnlock})
	return nil
}
