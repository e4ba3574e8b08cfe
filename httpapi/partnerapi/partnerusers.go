package partnerapi

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// partnerUserJSON is a partner user as the partner API answers it. The
// request members are python-cyapi's (first_name, last_name, roleName);
// the rest of the vendor's object was not recovered, so it is wolfden's
// (docs/api/partner.md).
type partnerUserJSON struct {
	ID             string          `json:"id"`
	PartnerID      string          `json:"partnerId"`
	Email          string          `json:"email"`
	FirstName      string          `json:"first_name"`
	LastName       string          `json:"last_name"`
	RoleName       []string        `json:"roleName"`
	CreatedDate    rest.IsoSeconds `json:"createdDate"`
	ModifiedDate   rest.IsoSeconds `json:"modifiedDate"`
	InviteSentDate rest.IsoSeconds `json:"inviteSentDate"`
	InvitesSent    int             `json:"invitesSent"`
}

func newPartnerUserJSON(u *partner.User) partnerUserJSON {
	return partnerUserJSON{ID: u.ID.String(), PartnerID: u.PartnerID.String(), Email: u.Email,
		FirstName: u.FirstName, LastName: u.LastName, RoleName: u.Roles,
		CreatedDate: rest.IsoSeconds(u.Created), ModifiedDate: rest.IsoSeconds(u.Modified),
		InviteSentDate: rest.IsoSeconds(u.InviteSent), InvitesSent: u.InvitesSent}
}

// partnerUserRequest is the body of create and update; absent members
// leave the user's value as it is. Update takes the user object back, so
// an id in it must be the path's.
type partnerUserRequest struct {
	ID        *string   `json:"id"`
	Email     *string   `json:"email"`
	FirstName *string   `json:"first_name"`
	LastName  *string   `json:"last_name"`
	RoleName  *[]string `json:"roleName"`
}

func (req *partnerUserRequest) change() partner.UserChange {
	return partner.UserChange{Email: req.Email, FirstName: req.FirstName, LastName: req.LastName, Roles: req.RoleName}
}

func (s *Handlers) ListUsers(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	page, err := p.PartnerUsers(r.Context(), wolfden.PageRequest{Number: 1, Size: maxPartnerList})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newListEnvelope(page, newPartnerUserJSON))
	return nil
}

func (s *Handlers) CreateUser(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	var req partnerUserRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	u, err := partner.NewPartnerUser(p.PartnerID(), req.change(), s.Now())
	if err != nil {
		return err
	}
	if err := p.CreatePartnerUser(r.Context(), u); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPartnerUserJSON(u))
	return nil
}

// partnerUserID resolves the {user} path segment of the partner routes.
func partnerUserID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "user", "user") }

func (s *Handlers) UpdateUser(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := partnerUserID(r)
	if err != nil {
		return err
	}
	var req partnerUserRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if err := rest.SameID("id", req.ID, id); err != nil {
		return err
	}
	change, now := req.change(), s.Now()
	u, err := p.UpdatePartnerUser(r.Context(), id, func(u *partner.User) error { return change.Apply(u, now) })
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPartnerUserJSON(u))
	return nil
}

func (s *Handlers) DeleteUser(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := partnerUserID(r)
	if err != nil {
		return err
	}
	if err := p.DeletePartnerUser(r.Context(), id); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

// resendPartnerInvite records a new invitation (wolfden sends no mail) and
// answers the user, whose inviteSentDate and invitesSent show it.
func (s *Handlers) ResendInvite(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := partnerUserID(r)
	if err != nil {
		return err
	}
	now := s.Now()
	u, err := p.UpdatePartnerUser(r.Context(), id, func(u *partner.User) error { u.Reinvite(now); return nil })
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newPartnerUserJSON(u))
	return nil
}
