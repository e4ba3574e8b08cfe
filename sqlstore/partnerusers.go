package sqlstore

import (
	"context"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
)

const partnerUserColumns = `id, email, first_name, last_name, roles, created_at, modified_at, invite_sent_at, invites_sent`

func scanPartnerUser(r row, partnerID uuid.UUID) (*partner.User, error) {
	u := partner.User{PartnerID: partnerID}
	var (
		roles                     string
		created, modified, invite int64
	)
	if err := r.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &roles, &created, &modified, &invite, &u.InvitesSent); err != nil {
		return nil, err
	}
	u.Created, u.Modified, u.InviteSent = fromMicros(created), fromMicros(modified), fromMicros(invite)
	return &u, json.Unmarshal([]byte(roles), &u.Roles)
}

// CreatePartnerUser stores a partner user.
func (p *partnerStore) CreatePartnerUser(ctx context.Context, u *partner.User) error {
	if u.PartnerID != p.partnerID {
		return wolfden.Errorf(wolfden.EInvalid, "user belongs to another partner")
	}
	roles, err := json.Marshal(u.Roles)
	if err != nil {
		return err
	}
	_, err = p.execWrite(ctx, `INSERT INTO partner_users (partner_id, id, email, email_key, first_name, last_name,
		roles, created_at, modified_at, invite_sent_at, invites_sent) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		p.partnerID, u.ID, u.Email, strings.ToLower(u.Email), u.FirstName, u.LastName, string(roles),
		micros(u.Created), micros(u.Modified), micros(u.InviteSent), u.InvitesSent)
	return p.conflictIf(err, "e-mail %s is already in use by a user of this partner", u.Email)
}

// PartnerUser finds one of the partner's users.
func (p *partnerStore) PartnerUser(ctx context.Context, id uuid.UUID) (*partner.User, error) {
	return p.findPartnerUser(ctx, p.reader(), id)
}

func (p *partnerStore) findPartnerUser(ctx context.Context, q runner, id uuid.UUID) (*partner.User, error) {
	u, err := scanPartnerUser(q.queryRow(ctx, `SELECT `+partnerUserColumns+` FROM partner_users
		WHERE partner_id = $1 AND id = $2`, p.partnerID, id), p.partnerID)
	return u, notFoundIf(err, "user %s not found", id)
}

// PartnerUsers lists the partner's users by e-mail.
func (p *partnerStore) PartnerUsers(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[partner.User], error) {
	return pageOf(ctx, p.Store, page, `SELECT COUNT(*) FROM partner_users WHERE partner_id = $1`,
		`SELECT `+partnerUserColumns+` FROM partner_users WHERE partner_id = $1 ORDER BY email_key LIMIT $2 OFFSET $3`,
		[]any{p.partnerID}, func(r row) (*partner.User, error) { return scanPartnerUser(r, p.partnerID) })
}

// UpdatePartnerUser reads, changes and writes a partner user in one
// transaction.
func (p *partnerStore) UpdatePartnerUser(ctx context.Context, id uuid.UUID, change func(*partner.User) error) (*partner.User, error) {
	return readChangeWrite(ctx, p.Store, func(tx runner) (*partner.User, error) { return p.findPartnerUser(ctx, tx, id) },
		change, func(tx runner, u *partner.User) error {
			roles, err := json.Marshal(u.Roles)
			if err != nil {
				return err
			}
			_, err = tx.exec(ctx, `UPDATE partner_users SET email = $3, email_key = $4, first_name = $5, last_name = $6,
				roles = $7, modified_at = $8, invite_sent_at = $9, invites_sent = $10 WHERE partner_id = $1 AND id = $2`,
				p.partnerID, id, u.Email, strings.ToLower(u.Email), u.FirstName, u.LastName, string(roles),
				micros(u.Modified), micros(u.InviteSent), u.InvitesSent)
			return p.conflictIf(err, "e-mail %s is already in use by a user of this partner", u.Email)
		})
}

// DeletePartnerUser deletes one of the partner's users.
func (p *partnerStore) DeletePartnerUser(ctx context.Context, id uuid.UUID) error {
	res, err := p.execWrite(ctx, `DELETE FROM partner_users WHERE partner_id = $1 AND id = $2`, p.partnerID, id)
	return changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "user %s not found", id) })
}
