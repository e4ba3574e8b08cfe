package protectapi

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var userPages = rest.PageLimits{Default: 10, Max: 200}

// userJSON is a console user as the API answers it (docs/api/users.md).
type userJSON struct {
	ID                  string           `json:"id"`
	TenantID            string           `json:"tenant_id"`
	Email               string           `json:"email"`
	FirstName           string           `json:"first_name"`
	LastName            string           `json:"last_name"`
	HasLoggedIn         bool             `json:"has_logged_in"`
	RoleType            wolfden.Role     `json:"role_type"`
	RoleName            string           `json:"role_name"`
	DefaultZoneRoleType wolfden.ZoneRole `json:"default_zone_role_type"`
	DefaultZoneRoleName string           `json:"default_zone_role_name"`
	DateCreated         rest.IsoSeconds  `json:"date_created"`
	DateModified        rest.IsoSeconds  `json:"date_modified"`
	DateLastLogin       *rest.IsoSeconds `json:"date_last_login"`
	DateEmailConfirmed  *rest.IsoSeconds `json:"date_email_confirmed"`
	Zones               []userZoneJSON   `json:"zones"`
	// wolfden extensions: when the console would last have sent each
	// e-mail (wolfden records them; it sends no mail).
	DateInviteSent        *rest.IsoSeconds `json:"date_invite_sent"`
	DatePasswordResetSent *rest.IsoSeconds `json:"date_password_reset_sent"`
}

type userZoneJSON struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	RoleType     wolfden.ZoneRole `json:"role_type"`
	RoleName     string           `json:"role_name"`
	DateAdded    rest.IsoSeconds  `json:"date_added"`
	DateModified rest.IsoSeconds  `json:"date_modified"`
}

func newUserJSON(u *wolfden.User) userJSON {
	role := u.EffectiveRole()
	zones := make([]userZoneJSON, len(u.Zones))
	for i, z := range u.Zones {
		zones[i] = userZoneJSON{
			ID: z.ZoneID.String(), Name: z.ZoneName, RoleType: z.Role, RoleName: z.Role.Name(),
			DateAdded: rest.IsoSeconds(z.Added), DateModified: rest.IsoSeconds(z.Modified),
		}
	}
	return userJSON{
		ID: u.ID.String(), TenantID: u.TenantID.String(), Email: u.Email,
		FirstName: u.FirstName, LastName: u.LastName, HasLoggedIn: u.HasLoggedIn,
		RoleType: role, RoleName: role.Name(),
		DefaultZoneRoleType: u.DefaultZoneRole, DefaultZoneRoleName: u.DefaultZoneRole.Name(),
		DateCreated: rest.IsoSeconds(u.Created), DateModified: rest.IsoSeconds(u.Modified),
		DateLastLogin: rest.OptionalISOSeconds(u.LastLogin), DateEmailConfirmed: rest.OptionalISOSeconds(u.EmailConfirmed),
		Zones:                 zones,
		DateInviteSent:        rest.OptionalISOSeconds(u.InviteSent),
		DatePasswordResetSent: rest.OptionalISOSeconds(u.PasswordResetSent),
	}
}

// userRequest is the body of create and update. Absent or null members
// leave the user's value as it is.
type userRequest struct {
	Email     *string `json:"email"`
	UserRole  *string `json:"user_role"`
	FirstName *string `json:"first_name"`
	LastName  *string `json:"last_name"`
	Zones     *[]struct {
		ID       string `json:"id"`
		RoleType string `json:"role_type"`
	} `json:"zones"`
}

func (req *userRequest) change() wolfden.UserChange {
	c := wolfden.UserChange{Email: req.Email, Role: req.UserRole, FirstName: req.FirstName, LastName: req.LastName}
	if req.Zones != nil {
		zones := make([]wolfden.UserZoneChange, len(*req.Zones))
		for i, z := range *req.Zones {
			zones[i] = wolfden.UserZoneChange{ID: z.ID, RoleType: z.RoleType}
		}
		c.Zones = &zones
	}
	return c
}

func (s *Handlers) CreateUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req userRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := wolfden.NewUser(t.TenantID(), req.change(), s.Now())
	if err != nil {
		return err
	}
	if err := t.CreateUser(r.Context(), u); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newUserJSON(u))
	return nil
}

func (s *Handlers) ListUsers(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, userPages)
	if err != nil {
		return err
	}
	page, err := t.Users(r.Context(), req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newUserJSON))
	return nil
}

// findUser resolves the {user} path segment: a user id or an e-mail.
func findUser(r *http.Request, t store.TenantStore) (*wolfden.User, error) {
	key := rest.PathParam(r, "user")
	if id, ok := wolfden.ParseID(key); ok {
		return t.User(r.Context(), id)
	}
	if strings.Contains(key, "@") {
		return t.UserByEmail(r.Context(), key)
	}
	return nil, wolfden.Errorf(wolfden.ENotFound, "user %q not found: give a user id or an e-mail address", key)
}

// userID resolves a {user} path segment that must be a user id.
func userID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "user", "user") }

func (s *Handlers) GetUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	u, err := findUser(r, t)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newUserJSON(u))
	return nil
}

func (s *Handlers) UpdateUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	var req userRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	change, now := req.change(), s.Now()
	u, err := t.UpdateUser(r.Context(), id, func(u *wolfden.User) error { return change.Apply(u, now) })
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newUserJSON(u))
	return nil
}

func (s *Handlers) DeleteUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if err := t.DeleteUser(r.Context(), id); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

func (s *Handlers) SendInvite(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.RecordEmail(w, r, t, func(u *wolfden.User) error {
		if u.HasLoggedIn {
			return wolfden.Errorf(wolfden.EInvalid, "user %s has already logged in; there is nothing to invite", u.Email)
		}
		now := s.Now()
		u.InviteSent = &now
		return nil
	})
}

func (s *Handlers) SendPasswordReset(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.RecordEmail(w, r, t, func(u *wolfden.User) error {
		now := s.Now()
		u.PasswordResetSent = &now
		return nil
	})
}

// RecordEmail records on the user of the path that an e-mail was sent.
func (s *Handlers) RecordEmail(w http.ResponseWriter, r *http.Request, t store.TenantStore, record func(*wolfden.User) error) error {
	u, err := findUser(r, t)
	if err != nil {
		return err
	}
	if _, err := t.UpdateUser(r.Context(), u.ID, record); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// PathParam returns a path segment, unescaped ("%40" in an e-mail).
