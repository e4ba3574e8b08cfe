package wolfden

import (
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Role is a console role id (docs/api/users.md).
type Role string

const (
	RoleUser          Role = "00000000-0000-0000-0000-000000000001"
	RoleAdministrator Role = "00000000-0000-0000-0000-000000000002"
	RoleReadOnly      Role = "00000000-0000-0000-0000-000000000003"
	// RoleZoneManager is never assigned: it is what a User who manages at
	// least one zone shows in responses.
	RoleZoneManager Role = "00000000-0000-0000-0000-000000000004"
)

// Name is the role's console name.
func (r Role) Name() string {
	switch r {
	case RoleUser:
		return "User"
	case RoleAdministrator:
		return "Administrator"
	case RoleReadOnly:
		return "Read-Only"
	case RoleZoneManager:
		return "Zone Manager"
	}
	return ""
}

// ZoneRole is a user's role within one zone.
type ZoneRole string

const (
	ZoneRoleNone    ZoneRole = "00000000-0000-0000-0000-000000000000"
	ZoneRoleManager ZoneRole = "00000000-0000-0000-0000-000000000001"
	ZoneRoleUser    ZoneRole = "00000000-0000-0000-0000-000000000002"
)

// Name is the zone role's console name.
func (r ZoneRole) Name() string {
	switch r {
	case ZoneRoleNone:
		return "None"
	case ZoneRoleManager:
		return "Zone Manager"
	case ZoneRoleUser:
		return "User"
	}
	return ""
}

// User is a console user account of a tenant.
type User struct {
	ID              uuid.UUID
	TenantID        uuid.UUID
	Email           string
	FirstName       string
	LastName        string
	HasLoggedIn     bool
	Role            Role // as assigned: User, Administrator or Read-Only
	DefaultZoneRole ZoneRole
	Zones           []UserZone
	Created         time.Time
	Modified        time.Time
	LastLogin       *time.Time
	EmailConfirmed  *time.Time
	// InviteSent and PasswordResetSent record the last e-mail of each kind;
	// wolfden sends no mail, it only records that the console would have.
	InviteSent        *time.Time
	PasswordResetSent *time.Time
}

// UserZone is a user's role in one zone.
type UserZone struct {
	ZoneID   uuid.UUID
	ZoneName string // filled in by storage
	Role     ZoneRole
	Added    time.Time
	Modified time.Time
}

// EffectiveRole is the role the API shows: Zone Manager for a User who
// manages at least one zone, the assigned role otherwise.
func (u *User) EffectiveRole() Role {
	if u.Role == RoleUser {
		for _, z := range u.Zones {
			if z.Role == ZoneRoleManager {
				return RoleZoneManager
			}
		}
	}
	return u.Role
}

// UserChange is a create or update request: nil fields are left as they are.
// Values are raw strings so that validation can name the offending field.
type UserChange struct {
	Email     *string
	Role      *string
	FirstName *string
	LastName  *string
	Zones     *[]UserZoneChange
}

// MaxUserZones bounds the zones one request gives a user, far above real
// use (a user manages a few zones).
const MaxUserZones = 1000

// UserZoneChange is one zone of a UserChange.
type UserZoneChange struct {
	ID       string
	RoleType string
}

const maxNameLen = 63 // the vendor documents names as "< 64 chars"

// NewUser validates a create request and returns the user it describes.
func NewUser(tenantID uuid.UUID, c UserChange, now time.Time) (*User, error) {
	if c.Email == nil {
		return nil, FieldErrorf("email", "email is required")
	}
	if c.Role == nil {
		return nil, FieldErrorf("user_role", "user_role is required")
	}
	u := &User{
		ID:              uuid.New(),
		TenantID:        tenantID,
		DefaultZoneRole: ZoneRoleNone,
		Created:         now,
		InviteSent:      &now, // creating a user sends the invitation
	}
	if err := c.Apply(u, now); err != nil {
		return nil, err
	}
	return u, nil
}

// Apply validates c against u and applies it. On error u may be partly
// changed; callers discard it.
func (c UserChange) Apply(u *User, now time.Time) error {
	if c.Email != nil {
		email, err := ParseEmail(*c.Email)
		if err != nil {
			return err
		}
		u.Email = email
	}
	if c.Role != nil {
		role, ok := parseRole(*c.Role)
		if !ok {
			return FieldErrorf("user_role", "%q is not a role id: use %s (User), %s (Administrator) or %s (Read-Only)",
				*c.Role, RoleUser, RoleAdministrator, RoleReadOnly)
		}
		u.Role = role
		if role != RoleUser && c.Zones == nil {
			u.Zones = nil // Administrators see every zone; Read-Only users none
		}
	}
	if err := ApplyNames(c.FirstName, c.LastName, &u.FirstName, &u.LastName); err != nil {
		return err
	}
	if c.Zones != nil {
		zones, err := parseUserZones(*c.Zones, u.Zones, now)
		if err != nil {
			return err
		}
		u.Zones = zones
	}
	switch {
	case u.Role == RoleAdministrator && len(u.Zones) > 0:
		return FieldErrorf("zones", "an Administrator manages every zone: zones must be empty")
	case u.Role == RoleReadOnly && len(u.Zones) > 0:
		return FieldErrorf("zones", "a Read-Only user cannot be given zones")
	}
	u.Modified = now
	return nil
}

// ApplyNames checks a first_name and last_name change (nil: unchanged)
// and sets them, trimmed, in first and last.
func ApplyNames(newFirst, newLast *string, first, last *string) error {
	for _, f := range []struct {
		name  string
		value *string
		dst   *string
	}{{"first_name", newFirst, first}, {"last_name", newLast, last}} {
		if f.value == nil {
			continue
		}
		if utf8.RuneCountInString(*f.value) > maxNameLen {
			return FieldErrorf(f.name, "must be shorter than 64 characters")
		}
		*f.dst = strings.TrimSpace(*f.value)
	}
	return nil
}

// ParseEmail checks an email address and returns it trimmed.
func ParseEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", FieldErrorf("email", "email is required")
	}
	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Address != s || len(s) > 254 {
		return "", FieldErrorf("email", "%q is not an e-mail address", s)
	}
	return s, nil
}

func parseRole(s string) (Role, bool) {
	switch r := Role(strings.ToLower(s)); r {
	case RoleUser, RoleAdministrator, RoleReadOnly:
		return r, true
	}
	return "", false
}

func parseUserZones(in []UserZoneChange, current []UserZone, now time.Time) ([]UserZone, error) {
	if err := CheckLength("zones", len(in), MaxUserZones); err != nil {
		return nil, err
	}
	zones := make([]UserZone, 0, len(in))
	seen := make(map[uuid.UUID]bool, len(in))
	for i, z := range in {
		field := fmt.Sprintf("zones[%d]", i)
		id, ok := ParseID(z.ID)
		if !ok {
			return nil, FieldErrorf(field+".id", "%q is not a zone id", z.ID)
		}
		if seen[id] {
			return nil, FieldErrorf(field+".id", "zone %s is listed twice", id)
		}
		seen[id] = true
		role := ZoneRole(strings.ToLower(z.RoleType))
		if role != ZoneRoleManager && role != ZoneRoleUser {
			return nil, FieldErrorf(field+".role_type", "%q is not a zone role: use %s (Zone Manager) or %s (User)",
				z.RoleType, ZoneRoleManager, ZoneRoleUser)
		}
		uz := UserZone{ZoneID: id, Role: role, Added: now, Modified: now}
		for _, old := range current {
			if old.ZoneID == id {
				uz.Added = old.Added
				if old.Role == role {
					uz.Modified = old.Modified
				}
			}
		}
		zones = append(zones, uz)
	}
	return zones, nil
}
