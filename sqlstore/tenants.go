package sqlstore

import (
	"context"
	"database/sql"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

// CreateTenant stores t, its Default policy and its first application in
// one transaction.
func (s *Store) CreateTenant(ctx context.Context, t *wolfden.Tenant, app *wolfden.Application) error {
	return s.inTx(ctx, func(tx runner) error {
		var partner *uuid.UUID
		if t.PartnerID != uuid.Nil {
			partner = &t.PartnerID
		}
		var profile []byte
		if t.Profile != nil {
			var err error
			if profile, err = json.Marshal(t.Profile); err != nil {
				return err
			}
		}
		if _, err := tx.exec(ctx, `INSERT INTO tenants (id, name, name_key, created_at, partner_id, profile)
			VALUES ($1, $2, $3, $4, $5, $6)`,
			t.ID, t.Name, strings.ToLower(t.Name), micros(t.Created), partner, string(profile)); err != nil {
			return s.conflictIf(err, "tenant name %q is already in use", t.Name)
		}
		if err := insertPolicy(ctx, tx, policy.DefaultDevicePolicy(t.ID, t.Created)); err != nil {
			return err
		}
		return insertApplication(ctx, tx, app)
	})
}

// CountTenants counts the tenants of the server.
func (s *Store) CountTenants(ctx context.Context) (int, error) {
	var n int
	err := s.reader().queryRow(ctx, `SELECT COUNT(*) FROM tenants`).Scan(&n)
	return n, err
}

// Tenant finds a tenant by id.
func (s *Store) Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error) {
	t, err := scanTenant(s.reader().queryRow(ctx, `SELECT `+tenantColumns+` FROM tenants WHERE id = $1`, id))
	return t, notFoundIf(err, "tenant %s not found", id)
}

const tenantColumns = `id, name, created_at, partner_id, profile`

// scanTenant reads tenantColumns, then into extra any columns after them.
func scanTenant(r row, extra ...any) (*wolfden.Tenant, error) {
	var (
		t       wolfden.Tenant
		created int64
		partner sql.Null[uuid.UUID]
		profile string
	)
	if err := r.Scan(append([]any{&t.ID, &t.Name, &created, &partner, &profile}, extra...)...); err != nil {
		return nil, err
	}
	t.Created, t.PartnerID = fromMicros(created), partner.V
	if profile != "" {
		t.Profile = new(wolfden.TenantProfile)
		if err := json.Unmarshal([]byte(profile), t.Profile); err != nil {
			return nil, err
		}
	}
	return &t, nil
}

// SigningKey returns the current signing key, storing candidate when there
// is none. Concurrent first calls agree: the insert does nothing when
// another server stored its key first.
func (s *Store) SigningKey(ctx context.Context, candidate wolfden.SigningKey) (wolfden.SigningKey, error) {
	key, err := s.currentSigningKey(ctx)
	if !errors.Is(err, sql.ErrNoRows) {
		return key, err
	}
	_, err = s.execWrite(ctx, `INSERT INTO signing_keys (slot, id, secret, created_at) VALUES (1, $1, $2, $3)
		ON CONFLICT (slot) DO NOTHING`, candidate.ID, hex.EncodeToString(candidate.Secret), micros(candidate.Created))
	if err != nil {
		return wolfden.SigningKey{}, err
	}
	return s.currentSigningKey(ctx)
}

func (s *Store) currentSigningKey(ctx context.Context) (wolfden.SigningKey, error) {
	var (
		key     wolfden.SigningKey
		secret  string
		created int64
	)
	err := s.reader().queryRow(ctx, `SELECT id, secret, created_at FROM signing_keys WHERE slot = 1`).
		Scan(&key.ID, &secret, &created)
	if err != nil {
		return key, err
	}
	key.Created = fromMicros(created)
	key.Secret, err = hex.DecodeString(secret)
	return key, err
}

// RotateSigningKey replaces the signing key.
func (s *Store) RotateSigningKey(ctx context.Context, key wolfden.SigningKey) error {
	_, err := s.execWrite(ctx, `INSERT INTO signing_keys (slot, id, secret, created_at) VALUES (1, $1, $2, $3)
		ON CONFLICT (slot) DO UPDATE SET id = excluded.id, secret = excluded.secret, created_at = excluded.created_at`,
		key.ID, hex.EncodeToString(key.Secret), micros(key.Created))
	return err
}

// PurgeTokenIDs forgets used token ids that expired before t.
func (s *Store) PurgeTokenIDs(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.execWrite(ctx, `DELETE FROM used_token_ids WHERE expires_at < $1`, micros(t))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
