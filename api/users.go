package api

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

var userPages = pageLimits{def: 10, max: 200}

// userJSON is the user object of users.md.
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
	DateCreated         isoSeconds       `json:"date_created"`
	DateModified        isoSeconds       `json:"date_modified"`
	DateLastLogin       *isoSeconds      `json:"date_last_login"`
	DateEmailConfirmed  *isoSeconds      `json:"date_email_confirmed"`
	Zones               []userZoneJSON   `json:"zones"`
	// wolfden extensions: when the console would last have sent each
	// e-mail (wolfden records them; it sends no mail).
	DateInviteSent        *isoSeconds `json:"date_invite_sent"`
	DatePasswordResetSent *isoSeconds `json:"date_password_reset_sent"`
}

type userZoneJSON struct {
	ID           string           `json:"id"`
	Name         string           `json:"name"`
	RoleType     wolfden.ZoneRole `json:"role_type"`
	RoleName     string           `json:"role_name"`
	DateAdded    isoSeconds       `json:"date_added"`
	DateModified isoSeconds       `json:"date_modified"`
}

func newUserJSON(u *wolfden.User) userJSON {
	role := u.EffectiveRole()
	zones := make([]userZoneJSON, len(u.Zones))
	for i, z := range u.Zones {
		zones[i] = userZoneJSON{
			ID: z.ZoneID.String(), Name: z.ZoneName, RoleType: z.Role, RoleName: z.Role.Name(),
			DateAdded: isoSeconds(z.Added), DateModified: isoSeconds(z.Modified),
		}
	}
	return userJSON{
		ID: u.ID.String(), TenantID: u.TenantID.String(), Email: u.Email,
		FirstName: u.FirstName, LastName: u.LastName, HasLoggedIn: u.HasLoggedIn,
		RoleType: role, RoleName: role.Name(),
		DefaultZoneRoleType: u.DefaultZoneRole, DefaultZoneRoleName: u.DefaultZoneRole.Name(),
		DateCreated: isoSeconds(u.Created), DateModified: isoSeconds(u.Modified),
		DateLastLogin: optionalISOSeconds(u.LastLogin), DateEmailConfirmed: optionalISOSeconds(u.EmailConfirmed),
		Zones:                 zones,
		DateInviteSent:        optionalISOSeconds(u.InviteSent),
		DatePasswordResetSent: optionalISOSeconds(u.PasswordResetSent),
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

func (s *Server) createUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req userRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	u, err := wolfden.NewUser(t.TenantID(), req.change(), s.now())
	if err != nil {
		return err
	}
	if err := t.CreateUser(r.Context(), u); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newUserJSON(u))
	return nil
}

func (s *Server) listUsers(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := parsePage(r, userPages)
	if err != nil {
		return err
	}
	page, err := t.Users(r.Context(), req)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPageEnvelope(req, page, newUserJSON))
	return nil
}

// findUser resolves the {user} path segment: a user id or an e-mail.
func findUser(r *http.Request, t store.TenantStore) (*wolfden.User, error) {
	key := pathParam(r, "user")
	if id, ok := wolfden.ParseID(key); ok {
		return t.User(r.Context(), id)
	}
	if strings.Contains(key, "@") {
		return t.UserByEmail(r.Context(), key)
	}
	return nil, wolfden.Errorf(wolfden.ENotFound, "user %q not found: give a user id or an e-mail address", key)
}

// userID resolves a {user} path segment that must be a user id.
func userID(r *http.Request) (uuid.UUID, error) { return pathID(r, "user", "user") }

func (s *Server) getUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	u, err := findUser(r, t)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newUserJSON(u))
	return nil
}

func (s *Server) updateUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	var req userRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	change, now := req.change(), s.now()
	u, err := t.UpdateUser(r.Context(), id, func(u *wolfden.User) error { return change.Apply(u, now) })
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newUserJSON(u))
	return nil
}

func (s *Server) deleteUser(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := userID(r)
	if err != nil {
		return err
	}
	if err := t.DeleteUser(r.Context(), id); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}

func (s *Server) sendInvite(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.recordEmail(w, r, t, func(u *wolfden.User) error {
		if u.HasLoggedIn {
			return wolfden.Errorf(wolfden.EInvalid, "user %s has already logged in; there is nothing to invite", u.Email)
		}
		now := s.now()
		u.InviteSent = &now
		return nil
	})
}

func (s *Server) sendPasswordReset(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	return s.recordEmail(w, r, t, func(u *wolfden.User) error {
		now := s.now()
		u.PasswordResetSent = &now
		return nil
	})
}

// recordEmail records on the user of the path that an e-mail was sent.
func (s *Server) recordEmail(w http.ResponseWriter, r *http.Request, t store.TenantStore, record func(*wolfden.User) error) error {
	u, err := findUser(r, t)
	if err != nil {
		return err
	}
	if _, err := t.UpdateUser(r.Context(), u.ID, record); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}

// pathParam returns a path segment, unescaped ("%40" in an e-mail).
