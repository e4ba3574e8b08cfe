package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// RequestDeviceDeletion records a deletion request.
func (t *tenantStore) RequestDeviceDeletion(ctx context.Context, d *wolfden.DeviceDeletion) error {
	ids, err := json.Marshal(d.DeviceIDs) // [] when there are none
	if err != nil {
		return err
	}
	_, err = t.execWrite(ctx, `INSERT INTO device_deletions (tenant_id, id, device_ids, callback_url, requested_at)
		VALUES ($1, $2, $3, $4, $5)`, t.tenantID, d.ID, string(ids), d.CallbackURL, micros(d.Requested))
	return err
}

// CompleteDeviceDeletion deletes the request's devices in one transaction.
// Their memberships, threats and events go with them (foreign keys).
func (t *tenantStore) CompleteDeviceDeletion(ctx context.Context, id uuid.UUID, now time.Time) (*wolfden.DeviceDeletion, bool, error) {
	d := &wolfden.DeviceDeletion{ID: id, TenantID: t.tenantID}
	completedNow := false
	err := t.inTx(ctx, func(tx runner) error {
		completedNow = false
		var (
			ids       string
			requested int64
			completed sql.NullInt64
		)
		err := tx.queryRow(ctx, `SELECT device_ids, callback_url, requested_at, completed_at FROM device_deletions
			WHERE tenant_id = $1 AND id = $2`, t.tenantID, id).Scan(&ids, &d.CallbackURL, &requested, &completed)
		if err != nil {
			return notFoundIf(err, "device deletion %s not found", id)
		}
		d.Requested, d.Completed = fromMicros(requested), fromNullMicros(completed)
		if d.DeviceIDs, err = parseDeviceIDList(ids); err != nil {
			return fmt.Errorf("device deletion %s: %w", id, err)
		}
		if d.Completed != nil {
			return nil
		}
		var deleted int64
		for _, deviceID := range d.DeviceIDs {
			res, err := tx.exec(ctx, `DELETE FROM devices WHERE tenant_id = $1 AND id = $2`, t.tenantID, deviceID)
			if err != nil {
				return err
			}
			n, err := res.RowsAffected()
			if err != nil {
				return err
			}
			deleted += n
		}
		if _, err := tx.exec(ctx, `UPDATE device_deletions SET completed_at = $3 WHERE tenant_id = $1 AND id = $2`,
			t.tenantID, id, micros(now)); err != nil {
			return err
		}
		d.Completed, completedNow = &now, true
		return t.devicesChanged(ctx, tx, deleted)
	})
	if err != nil {
		return nil, false, err
	}
	return d, completedNow, nil
}

// parseDeviceIDList reads the JSON array of ids device_ids holds (see
// migration 0031). Anything else is an error: a list read in part would
// leave devices undeleted without a word.
func parseDeviceIDList(s string) ([]uuid.UUID, error) {
	var ids []string
	if err := json.Unmarshal([]byte(s), &ids); err != nil {
		return nil, fmt.Errorf("stored device ids: %w", err)
	}
	if ids == nil {
		return nil, fmt.Errorf("stored device ids: %.40q is not a list", s)
	}
	parsed := make([]uuid.UUID, len(ids))
	for i, id := range ids {
		var err error
		if parsed[i], err = uuid.Parse(id); err != nil {
			return nil, fmt.Errorf("stored device ids: entry %d: %w", i, err)
		}
	}
	return parsed, nil
}

// PendingDeviceDeletions lists incomplete deletions of every tenant.
func (s *Store) PendingDeviceDeletions(ctx context.Context) ([]store.DeletionRef, error) {
	rows, err := s.reader().query(ctx, `SELECT tenant_id, id FROM device_deletions WHERE completed_at IS NULL ORDER BY requested_at`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var refs []store.DeletionRef
	for rows.Next() {
		var r store.DeletionRef
		if err := rows.Scan(&r.TenantID, &r.RequestID); err != nil {
			return nil, err
		}
		refs = append(refs, r)
	}
	return refs, rows.Err()
}
