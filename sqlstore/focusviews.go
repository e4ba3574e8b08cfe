package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

// focusViewSelect reads views with their device's offline time.
const focusViewSelect = `SELECT v.id, v.device_id, v.artifact_type, v.artifact_subtype, v.value, v.threat_type, v.description,
	v.created_at, d.offline_at FROM focus_views v JOIN devices d ON d.tenant_id = v.tenant_id AND d.id = v.device_id `

func (t *tenantStore) scanFocusView(r row) (*agentsim.FocusView, error) {
	v := agentsim.FocusView{TenantID: t.tenantID}
	var (
		created int64
		offline sql.NullInt64
	)
	if err := r.Scan(&v.ID, &v.DeviceID, &v.ArtifactType, &v.ArtifactSubtype, &v.Value, &v.ThreatType, &v.Description,
		&created, &offline); err != nil {
		return nil, err
	}
	v.Created, v.DeviceOffline = fromMicros(created), fromNullMicros(offline)
	return &v, nil
}

// CreateFocusView stores a view of one of the tenant's devices.
func (t *tenantStore) CreateFocusView(ctx context.Context, v *agentsim.FocusView) error {
	if v.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "focus view belongs to another tenant")
	}
	return t.inTx(ctx, func(tx runner) error {
		if err := t.checkDevice(ctx, tx, v.DeviceID); err != nil {
			var e *wolfden.Error
			if errors.As(err, &e) {
				return &wolfden.Error{Code: e.Code, Field: "device_id", Message: e.Message}
			}
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO focus_views (tenant_id, id, device_id, artifact_type, artifact_subtype, value, value_key,
			threat_type, description, search_text, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
			t.tenantID, v.ID, v.DeviceID, v.ArtifactType, v.ArtifactSubtype, v.Value, agentsim.ArtifactKey(v.Value), v.ThreatType,
			v.Description, v.SearchText(), micros(v.Created))
		return err
	})
}

// FocusView finds a view.
func (t *tenantStore) FocusView(ctx context.Context, id uuid.UUID) (*agentsim.FocusView, error) {
	v, err := t.scanFocusView(t.reader().queryRow(ctx, focusViewSelect+`WHERE v.tenant_id = $1 AND v.id = $2`, t.tenantID, id))
	return v, notFoundIf(err, "focus view %s not found", wolfden.OpticsID(id))
}

// FocusViews lists one page of views, newest first.
func (t *tenantStore) FocusViews(ctx context.Context, search string, page wolfden.PageRequest) (wolfden.Page[agentsim.FocusView], error) {
	return pageOf(ctx, t.Store, page, `SELECT COUNT(*) FROM focus_views v WHERE v.tenant_id = $1 AND v.search_text LIKE $2 ESCAPE '\'`,
		focusViewSelect+`WHERE v.tenant_id = $1 AND v.search_text LIKE $2 ESCAPE '\' ORDER BY v.created_at DESC, v.id DESC LIMIT $3 OFFSET $4`,
		[]any{t.tenantID, containsPattern(search)}, t.scanFocusView)
}

// FindFocusViews lists the views of the artifacts refs name.
func (t *tenantStore) FindFocusViews(ctx context.Context, refs []agentsim.FocusRef) ([]agentsim.FocusView, error) {
	if len(refs) == 0 {
		return []agentsim.FocusView{}, nil
	}
	args := []any{t.tenantID}
	pairs := make([]string, len(refs))
	for i, r := range refs {
		args = append(args, r.DeviceID, r.Key)
		pairs[i] = fmt.Sprintf("(v.device_id = $%d AND v.value_key = $%d)", len(args)-1, len(args))
	}
	rows, err := t.reader().query(ctx, focusViewSelect+`WHERE v.tenant_id = $1 AND (`+strings.Join(pairs, " OR ")+`)
		ORDER BY v.created_at DESC, v.id DESC`, args...)
	return scanAll(rows, err, t.scanFocusView)
}
