package sqlstore

import (
	"context"
	"database/sql"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

// fileRetrievalSelect reads retrievals with what decides their outcome:
// the device, and the status of the threat it last reported at the path
// with whether the global quarantine list holds it.
const fileRetrievalSelect = `SELECT r.id, r.device_id, r.file_path, r.password, r.user_id, r.user_login, r.created_at,
	d.host_name, d.os_version, d.offline_at,
	(SELECT dt.file_status FROM device_threats dt
		WHERE dt.tenant_id = r.tenant_id AND dt.device_id = r.device_id AND dt.file_path = r.file_path
		ORDER BY dt.date_found DESC, dt.sha256 LIMIT 1),
	(SELECT CASE WHEN EXISTS (SELECT 1 FROM global_list_entries g
			WHERE g.tenant_id = dt.tenant_id AND g.list_type = 0 AND g.sha256 = dt.sha256) THEN 1 ELSE 0 END
		FROM device_threats dt
		WHERE dt.tenant_id = r.tenant_id AND dt.device_id = r.device_id AND dt.file_path = r.file_path
		ORDER BY dt.date_found DESC, dt.sha256 LIMIT 1)
	FROM file_retrievals r JOIN devices d ON d.tenant_id = r.tenant_id AND d.id = r.device_id `

func (t *tenantStore) scanFileRetrieval(r row) (*agentsim.FileRetrieval, error) {
	f := agentsim.FileRetrieval{TenantID: t.tenantID}
	var (
		created     int64
		offline     sql.NullInt64
		threat      sql.NullString
		quarantined sql.NullInt64
	)
	if err := r.Scan(&f.ID, &f.DeviceID, &f.FilePath, &f.Password, &f.RequestedBy.ID, &f.RequestedBy.Login, &created,
		&f.Device.HostName, &f.Device.OSVersion, &offline, &threat, &quarantined); err != nil {
		return nil, err
	}
	f.Created, f.Device.Offline = fromMicros(created), fromNullMicros(offline)
	if threat.Valid {
		status := wolfden.FileStatus(threat.String).Effective(quarantined.Int64 == 1, false)
		f.Device.Threat = &status
	}
	return &f, nil
}

// findFileRetrieval reads the one retrieval where selects (a condition on
// r, with args after the tenant id), the latest first.
func (t *tenantStore) findFileRetrieval(ctx context.Context, q runner, where string, args ...any) (*agentsim.FileRetrieval, error) {
	f, err := t.scanFileRetrieval(q.queryRow(ctx, fileRetrievalSelect+`WHERE r.tenant_id = $1 AND `+where+`
		ORDER BY r.created_at DESC, r.id DESC LIMIT 1`, append([]any{t.tenantID}, args...)...))
	return f, notFoundIf(err, "no such file retrieval")
}

// RequestFileRetrieval stores a retrieval unless reuse takes the latest of
// the same path.
func (t *tenantStore) RequestFileRetrieval(ctx context.Context, f *agentsim.FileRetrieval, reuse func(*agentsim.FileRetrieval) bool) (*agentsim.FileRetrieval, error) {
	if f.TenantID != t.tenantID {
		return nil, wolfden.Errorf(wolfden.EInvalid, "file retrieval belongs to another tenant")
	}
	var stored *agentsim.FileRetrieval
	err := t.inTx(ctx, func(tx runner) error {
		if err := t.checkDevice(ctx, tx, f.DeviceID); err != nil {
			return err
		}
		latest, err := t.findFileRetrieval(ctx, tx, `r.device_id = $2 AND r.file_path = $3`, f.DeviceID, f.FilePath)
		switch {
		case err == nil && reuse(latest):
			stored = latest
			return nil
		case err != nil && wolfden.CodeOf(err) != wolfden.ENotFound:
			return err
		}
		if _, err := tx.exec(ctx, `INSERT INTO file_retrievals (tenant_id, id, device_id, file_path, path_key, password,
			user_id, user_login, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			t.tenantID, f.ID, f.DeviceID, f.FilePath, strings.ToLower(f.FilePath), f.Password,
			f.RequestedBy.ID, f.RequestedBy.Login, micros(f.Created)); err != nil {
			return err
		}
		stored, err = t.findFileRetrieval(ctx, tx, `r.id = $2`, f.ID)
		return err
	})
	return stored, err
}

// FileRetrieval finds a retrieval by correlation id.
func (t *tenantStore) FileRetrieval(ctx context.Context, id uuid.UUID) (*agentsim.FileRetrieval, error) {
	return t.findFileRetrieval(ctx, t.reader(), `r.id = $2`, id)
}

// LatestFileRetrieval finds the latest retrieval of a path on a device.
func (t *tenantStore) LatestFileRetrieval(ctx context.Context, deviceID uuid.UUID, path string) (*agentsim.FileRetrieval, error) {
	return t.findFileRetrieval(ctx, t.reader(), `r.device_id = $2 AND r.file_path = $3`, deviceID, path)
}

// fileRetrievalOrder maps FileRetrievalSortFields to columns.
var fileRetrievalOrder = map[string]string{
	"created_at": "r.created_at", "filepath": "r.path_key", "hostname": "d.host_key",
	"device_id": "r.device_id", "user_id": "r.user_id", "user_login": "r.user_login",
}

// FileRetrievals lists retrievals matching search, in order.
func (t *tenantStore) FileRetrievals(ctx context.Context, search string, order wolfden.SortOrder, page wolfden.PageRequest) (wolfden.Page[agentsim.FileRetrieval], error) {
	by, err := orderBy(fileRetrievalOrder, order, "r.created_at", "r.id")
	if err != nil {
		return wolfden.Page[agentsim.FileRetrieval]{}, err
	}
	const match = `r.tenant_id = $1 AND (r.path_key LIKE $2 ESCAPE '\' OR d.host_key LIKE $2 ESCAPE '\')`
	return pageOf(ctx, t.Store, page,
		`SELECT COUNT(*) FROM file_retrievals r JOIN devices d ON d.tenant_id = r.tenant_id AND d.id = r.device_id WHERE `+match,
		fileRetrievalSelect+`WHERE `+match+by+` LIMIT $3 OFFSET $4`,
		[]any{t.tenantID, containsPattern(search)}, t.scanFileRetrieval)
}
