package api

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// partnerUserJSON is a partner user as the partner API answers it. The
// request members are python-cyapi's (first_name, last_name, roleName);
// the rest of the vendor's object was not recovered (spec mtc.md).
type partnerUserJSON struct {
	ID             string     `json:"id"`
	PartnerID      string     `json:"partnerId"`
	Email          string     `json:"email"`
	FirstName      string     `json:"first_name"`
	LastName       string     `json:"last_name"`
	RoleName       []string   `json:"roleName"`
	CreatedDate    isoSeconds `json:"createdDate"`
	ModifiedDate   isoSeconds `json:"modifiedDate"`
	InviteSentDate isoSeconds `json:"inviteSentDate"`
	InvitesSent    int        `json:"invitesSent"`
}

func newPartnerUserJSON(u *partner.PartnerUser) partnerUserJSON {
	return partnerUserJSON{ID: u.ID.String(), PartnerID: u.PartnerID.String(), Email: u.Email,
		FirstName: u.FirstName, LastName: u.LastName, RoleName: u.Roles,
		CreatedDate: isoSeconds(u.Created), ModifiedDate: isoSeconds(u.Modified),
		InviteSentDate: isoSeconds(u.InviteSent), InvitesSent: u.InvitesSent}
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

func (req *partnerUserRequest) change() partner.PartnerUserChange {
	return partner.PartnerUserChange{Email: req.Email, FirstName: req.FirstName, LastName: req.LastName, Roles: req.RoleName}
}

func (s *Server) listPartnerUsers(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	page, err := p.PartnerUsers(r.Context(), wolfden.PageRequest{Number: 1, Size: maxPartnerList})
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newListEnvelope(page, newPartnerUserJSON))
	return nil
}

func (s *Server) createPartnerUser(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	var req partnerUserRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	u, err := partner.NewPartnerUser(p.PartnerID(), req.change(), s.now())
	if err != nil {
		return err
	}
	if err := p.CreatePartnerUser(r.Context(), u); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPartnerUserJSON(u))
	return nil
}

// partnerUserID resolves the {user} path segment of the partner routes.
func partnerUserID(r *http.Request) (uuid.UUID, error) { return pathID(r, "user", "user") }

func (s *Server) updatePartnerUser(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := partnerUserID(r)
	if err != nil {
		return err
	}
	var req partnerUserRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := sameID("id", req.ID, id); err != nil {
		return err
	}
	change, now := req.change(), s.now()
	u, err := p.UpdatePartnerUser(r.Context(), id, func(u *partner.PartnerUser) error { return change.Apply(u, now) })
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPartnerUserJSON(u))
	return nil
}

func (s *Server) deletePartnerUser(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := partnerUserID(r)
	if err != nil {
		return err
	}
	if err := p.DeletePartnerUser(r.Context(), id); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}

// resendPartnerInvite records a new invitation (wolfden sends no mail) and
// answers the user, whose inviteSentDate and invitesSent show it.
func (s *Server) resendPartnerInvite(w http.ResponseWriter, r *http.Request, p store.PartnerStore) error {
	id, err := partnerUserID(r)
	if err != nil {
		return err
	}
	now := s.now()
	u, err := p.UpdatePartnerUser(r.Context(), id, func(u *partner.PartnerUser) error { u.Reinvite(now); return nil })
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPartnerUserJSON(u))
	return nil
}
