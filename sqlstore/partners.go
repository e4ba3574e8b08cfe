package sqlstore

import (
	"context"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// CreatePartner stores a partner and its first application.
func (s *Store) CreatePartner(ctx context.Context, p *partner.Partner, app *partner.Application) error {
	return s.inTx(ctx, func(tx runner) error {
		if _, err := tx.exec(ctx, `INSERT INTO partners (id, name, name_key, created_at) VALUES ($1, $2, $3, $4)`,
			p.ID, p.Name, strings.ToLower(p.Name), micros(p.Created)); err != nil {
			return s.conflictIf(err, "partner name %q is already in use", p.Name)
		}
		_, err := tx.exec(ctx, `INSERT INTO partner_applications (partner_id, id, secret, created_at) VALUES ($1, $2, $3, $4)`,
			app.PartnerID, app.ID, app.Secret, micros(app.Created))
		return err
	})
}

// PartnerApplication finds a partner application by id.
func (s *Store) PartnerApplication(ctx context.Context, id uuid.UUID) (*partner.Application, error) {
	app := partner.Application{ID: id}
	var created int64
	err := s.reader().queryRow(ctx, `SELECT partner_id, secret, created_at FROM partner_applications WHERE id = $1`, id).
		Scan(&app.PartnerID, &app.Secret, &created)
	if err != nil {
		return nil, notFoundIf(err, "partner application %s not found", id)
	}
	app.Created = fromMicros(created)
	return &app, nil
}

// ForPartner returns the partner-scoped view of the store.
func (s *Store) ForPartner(id uuid.UUID) store.PartnerStore {
	return &partnerStore{Store: s, partnerID: id}
}

// partnerStore is one partner's view: every statement it runs is scoped
// by partnerID.
type partnerStore struct {
	*Store
	partnerID uuid.UUID
}

func (p *partnerStore) PartnerID() uuid.UUID { return p.partnerID }

// Tenants lists one page of the partner's tenants by name.
func (p *partnerStore) Tenants(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.Tenant], error) {
	return pageOf(ctx, p.Store, page, `SELECT COUNT(*) FROM tenants WHERE partner_id = $1`,
		`SELECT `+tenantColumns+` FROM tenants WHERE partner_id = $1 ORDER BY name_key, id LIMIT $2 OFFSET $3`,
		[]any{p.partnerID}, func(r row) (*wolfden.Tenant, error) { return scanTenant(r) })
}

// Tenant finds one of the partner's tenants.
func (p *partnerStore) Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error) {
	t, err := scanTenant(p.reader().queryRow(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE partner_id = $1 AND id = $2`,
		p.partnerID, id))
	return t, notFoundIf(err, "tenant %s not found", id)
}
