package partner

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// User is a console user of a partner (docs/api/partner.md).
type User struct {
	ID        uuid.UUID
	PartnerID uuid.UUID
	Email     string
	FirstName string
	LastName  string
	// Roles are console role names such as "Partner Administrator". The
	// vendor's full list was not recovered, so any name is kept as sent.
	Roles    []string
	Created  time.Time
	Modified time.Time
	// InviteSent is when the console last sent the invitation, and
	// InvitesSent how many it has sent; wolfden records them, it sends no
	// mail.
	InviteSent  time.Time
	InvitesSent int
}

// UserChange is a create or update request: nil fields are left as
// they are.
type UserChange struct {
	Email     *string
	FirstName *string
	LastName  *string
	Roles     *[]string
}

// maxRoleNameLen bounds one role name.
const maxRoleNameLen = 64

// MaxPartnerUserRoles bounds a user's role names, far above real use (one
// or two roles).
const MaxPartnerUserRoles = 100

// NewPartnerUser validates a create request and returns the user it
// describes; creating a user sends its invitation.
func NewPartnerUser(partnerID uuid.UUID, c UserChange, now time.Time) (*User, error) {
	if c.Email == nil {
		return nil, wolfden.FieldErrorf("email", "email is required")
	}
	if c.Roles == nil {
		return nil, wolfden.FieldErrorf("roleName", `roleName is required, e.g. ["Partner Administrator"]`)
	}
	u := &User{ID: uuid.New(), PartnerID: partnerID, Created: now, InviteSent: now, InvitesSent: 1}
	if err := c.Apply(u, now); err != nil {
		return nil, err
	}
	return u, nil
}

// Apply validates c and applies it to u. On error u may be partly
// changed; callers discard it.
func (c UserChange) Apply(u *User, now time.Time) error {
	if c.Email != nil {
		email, err := wolfden.ParseEmail(*c.Email)
		if err != nil {
			return err
		}
		u.Email = email
	}
	if err := wolfden.ApplyNames(c.FirstName, c.LastName, &u.FirstName, &u.LastName); err != nil {
		return err
	}
	if c.Roles != nil {
		roles, err := parseRoleNames(*c.Roles)
		if err != nil {
			return err
		}
		u.Roles = roles
	}
	u.Modified = now
	return nil
}

// parseRoleNames checks a non-empty list of role names and drops repeats.
func parseRoleNames(in []string) ([]string, error) {
	if len(in) == 0 {
		return nil, wolfden.FieldErrorf("roleName", "a user needs at least one role")
	}
	if err := wolfden.CheckLength("roleName", len(in), MaxPartnerUserRoles); err != nil {
		return nil, err
	}
	var roles []string
	for i, name := range in {
		name = strings.TrimSpace(name)
		at := fmt.Sprintf("roleName[%d]", i)
		switch {
		case name == "":
			return nil, wolfden.FieldErrorf(at, "a role name is required")
		case utf8.RuneCountInString(name) > maxRoleNameLen:
			return nil, wolfden.FieldErrorf(at, "a role name is at most %d characters", maxRoleNameLen)
		}
		if !containsFold(roles, name) {
			roles = append(roles, name)
		}
	}
	return roles, nil
}

func containsFold(list []string, s string) bool {
	_, ok := wolfden.Canonical(s, list)
	return ok
}

// Reinvite records that the console sent the invitation again.
func (u *User) Reinvite(now time.Time) {
	u.InviteSent, u.InvitesSent = now, u.InvitesSent+1
}
