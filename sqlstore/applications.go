package sqlstore

import (
	"context"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// CreateApplication stores app for the tenant.
func (t *tenantStore) CreateApplication(ctx context.Context, app *wolfden.Application) error {
	if app.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "application belongs to another tenant")
	}
	return t.inTx(ctx, func(tx runner) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM tenants WHERE id = $1`, t.tenantID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return wolfden.Errorf(wolfden.ENotFound, "tenant %s does not exist", t.tenantID)
		}
		return insertApplication(ctx, tx, app)
	})
}

func insertApplication(ctx context.Context, tx runner, app *wolfden.Application) error {
	scopes := make([]string, len(app.Scopes))
	for i, s := range app.Scopes {
		scopes[i] = string(s)
	}
	_, err := tx.exec(ctx, `INSERT INTO applications (tenant_id, id, name, secret, scopes, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		app.TenantID, app.ID, app.Name, app.Secret, strings.Join(scopes, ","), micros(app.Created))
	return err
}

// Application finds one of the tenant's applications.
func (t *tenantStore) Application(ctx context.Context, id uuid.UUID) (*wolfden.Application, error) {
	app, err := t.scanApplication(t.reader().queryRow(ctx, `SELECT `+applicationColumns+` FROM applications
		WHERE tenant_id = $1 AND id = $2`, t.tenantID, id))
	return app, notFoundIf(err, "application %s not found", id)
}

// Applications lists the tenant's applications, oldest first, then by name.
func (t *tenantStore) Applications(ctx context.Context) ([]wolfden.Application, error) {
	rows, err := t.reader().query(ctx, `SELECT `+applicationColumns+` FROM applications
		WHERE tenant_id = $1 ORDER BY created_at, name, id`, t.tenantID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var apps []wolfden.Application
	for rows.Next() {
		app, err := t.scanApplication(rows)
		if err != nil {
			return nil, err
		}
		apps = append(apps, *app)
	}
	return apps, rows.Err()
}

const applicationColumns = `id, name, secret, scopes, created_at`

func (t *tenantStore) scanApplication(r row) (*wolfden.Application, error) {
	app := wolfden.Application{TenantID: t.tenantID}
	var (
		scopes  string
		created int64
	)
	if err := r.Scan(&app.ID, &app.Name, &app.Secret, &scopes, &created); err != nil {
		return nil, err
	}
	app.Created = fromMicros(created)
	for _, s := range strings.Split(scopes, ",") {
		if s != "" {
			app.Scopes = append(app.Scopes, wolfden.Scope(s))
		}
	}
	return &app, nil
}

// UseTokenID records an exchanged auth-token id. An id whose earlier use
// has expired may be used again. The record is written lazily: a crash may
// forget the last few ids, reopening them to one replay before they expire.
func (t *tenantStore) UseTokenID(ctx context.Context, appID uuid.UUID, jti string, now, expires time.Time) error {
	res, err := t.execLazy(ctx, `INSERT INTO used_token_ids (tenant_id, app_id, jti, expires_at) VALUES ($1, $2, $3, $4)
		ON CONFLICT (tenant_id, app_id, jti) DO UPDATE SET expires_at = excluded.expires_at
		WHERE used_token_ids.expires_at <= $5`, t.tenantID, appID, jti, micros(expires), micros(now))
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return wolfden.Errorf(wolfden.EConflict, "token id %q was already used", jti)
	}
	return nil
}
