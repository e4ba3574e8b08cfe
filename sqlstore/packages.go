package sqlstore

import (
	"context"
	"database/sql"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

const packageColumns = `p.id, p.category, p.descriptor, p.checksum, p.timeout_seconds, p.uploaded_by, p.uploaded_login,
	p.uploaded_on, p.received_at, p.size, p.file_sha256`

// packageStatus is wolfden.Package.Status at the time $4, in SQL, for the
// list's status filter and sort.
const packageStatus = `CASE WHEN p.received_at IS NOT NULL AND p.received_at <= $4
		THEN CASE WHEN p.file_sha256 = p.checksum THEN 'success' ELSE 'failed' END
	WHEN p.upload_deadline <= $4 THEN 'timeout' ELSE 'started' END`

func (t *tenantStore) scanPackage(r row) (*agentsim.Package, error) {
	p := agentsim.Package{TenantID: t.tenantID}
	var (
		descriptor string
		timeout    int64
		uploadedOn int64
		received   sql.NullInt64
		size       int64
		sha        sql.NullString
	)
	if err := r.Scan(&p.ID, &p.Category, &descriptor, &p.Checksum, &timeout, &p.UploadedBy.ID, &p.UploadedBy.Login,
		&uploadedOn, &received, &size, &sha); err != nil {
		return nil, err
	}
	p.Timeout, p.UploadedOn = time.Duration(timeout)*time.Second, fromMicros(uploadedOn)
	if received.Valid {
		p.Upload = &agentsim.PackageUpload{At: fromMicros(received.Int64), Size: size, SHA256: sha.String}
	}
	return &p, json.Unmarshal([]byte(descriptor), &p.Descriptor)
}

// CreatePackage stores a package without its file.
func (t *tenantStore) CreatePackage(ctx context.Context, p *agentsim.Package) error {
	if p.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "package belongs to another tenant")
	}
	descriptor, err := json.Marshal(p.Descriptor)
	if err != nil {
		return err
	}
	_, err = t.execWrite(ctx, `INSERT INTO packages (tenant_id, id, category, name_key, descriptor, checksum, timeout_seconds,
		uploaded_by, uploaded_login, uploaded_on, upload_deadline, size) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 0)`,
		t.tenantID, p.ID, p.Category, strings.ToLower(p.Descriptor.Name), string(descriptor), p.Checksum, int64(p.Timeout/time.Second),
		p.UploadedBy.ID, p.UploadedBy.Login, micros(p.UploadedOn), micros(p.Deadline()))
	return err
}

// Package finds a package.
func (t *tenantStore) Package(ctx context.Context, id uuid.UUID) (*agentsim.Package, error) {
	return t.findPackage(ctx, t.reader(), id)
}

func (t *tenantStore) findPackage(ctx context.Context, q runner, id uuid.UUID) (*agentsim.Package, error) {
	p, err := t.scanPackage(q.queryRow(ctx, `SELECT `+packageColumns+` FROM packages p WHERE p.tenant_id = $1 AND p.id = $2`, t.tenantID, id))
	return p, notFoundIf(err, "package %s not found", id)
}

// packageOrder maps PackageSortFields to columns.
var packageOrder = map[string]string{
	"packageId": "p.id", "uploadedOn": "p.uploaded_on", "uploadedBy.id": "p.uploaded_by", "uploadedBy.login": "p.uploaded_login",
	"size": "p.size", "status": packageStatus, "timeout": "p.timeout_seconds", "packageDescriptor.name": "p.name_key",
}

// Packages lists packages by category and status at q.Now.
func (t *tenantStore) Packages(ctx context.Context, q agentsim.PackageQuery, page wolfden.PageRequest) (wolfden.Page[agentsim.Package], error) {
	by, err := orderBy(packageOrder, q.Order, "p.uploaded_on", "p.id")
	if err != nil {
		return wolfden.Page[agentsim.Package]{}, err
	}
	const match = `p.tenant_id = $1 AND ($2 = '' OR p.category = $2) AND ($3 = '' OR ` + packageStatus + ` = $3)`
	return pageOf(ctx, t.Store, page, `SELECT COUNT(*) FROM packages p WHERE `+match,
		`SELECT `+packageColumns+` FROM packages p WHERE `+match+by+` LIMIT $5 OFFSET $6`,
		[]any{t.tenantID, q.Category, string(q.Status), micros(q.Now)}, t.scanPackage)
}

// UploadPackage stores a package's file when receive accepts it.
func (t *tenantStore) UploadPackage(ctx context.Context, id uuid.UUID, content []byte, receive func(*agentsim.Package) error) (*agentsim.Package, error) {
	return readChangeWrite(ctx, t.Store, func(tx runner) (*agentsim.Package, error) { return t.findPackage(ctx, tx, id) },
		receive, func(tx runner, p *agentsim.Package) error {
			if p.Upload == nil {
				return wolfden.Errorf(wolfden.EInvalid, "package %s received no file", id)
			}
			if content == nil {
				content = []byte{} // an empty file, not none
			}
			_, err := tx.exec(ctx, `UPDATE packages SET received_at = $3, size = $4, file_sha256 = $5, content = $6
				WHERE tenant_id = $1 AND id = $2`, t.tenantID, id, micros(p.Upload.At), p.Upload.Size, p.Upload.SHA256, content)
			return err
		})
}

// PackageFile reads a package's file.
func (t *tenantStore) PackageFile(ctx context.Context, id uuid.UUID) ([]byte, error) {
	var content []byte
	err := t.reader().queryRow(ctx, `SELECT content FROM packages WHERE tenant_id = $1 AND id = $2 AND content IS NOT NULL`,
		t.tenantID, id).Scan(&content)
	return content, notFoundIf(err, "package %s has no file", id)
}

// DeletePackage deletes a package no execution runs.
func (t *tenantStore) DeletePackage(ctx context.Context, id uuid.UUID) error {
	return t.inTx(ctx, func(tx runner) error {
		var runs int
		if err := tx.queryRow(ctx, `SELECT COUNT(DISTINCT execution_id) FROM package_execution_runs WHERE tenant_id = $1 AND package_id = $2`,
			t.tenantID, id).Scan(&runs); err != nil {
			return err
		}
		if runs > 0 {
			return wolfden.Errorf(wolfden.EConflict, "package %s is run by %d executions: delete them first", id, runs)
		}
		res, err := tx.exec(ctx, `DELETE FROM packages WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
		return changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "package %s not found", id) })
	})
}
