package sqlstore

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// LifecycleSettings reads the tenant's DLCM settings.
func (t *tenantStore) LifecycleSettings(ctx context.Context) (wolfden.LifecycleSettings, error) {
	return t.lifecycleSettings(ctx, t.reader())
}

func (t *tenantStore) lifecycleSettings(ctx context.Context, q runner) (wolfden.LifecycleSettings, error) {
	var s wolfden.LifecycleSettings
	err := q.queryRow(ctx, `SELECT dlcm_inactive_days, dlcm_deletion_enabled, dlcm_deletion_days FROM tenants WHERE id = $1`,
		t.tenantID).Scan(&s.InactiveDays, &s.DeletionEnabled, &s.DeletionDays)
	return s, notFoundIf(err, "tenant %s not found", t.tenantID)
}

// UpdateLifecycleSettings reads, changes and writes the settings in one
// transaction.
func (t *tenantStore) UpdateLifecycleSettings(ctx context.Context, change func(*wolfden.LifecycleSettings) error) (wolfden.LifecycleSettings, error) {
	var s wolfden.LifecycleSettings
	err := t.inTx(ctx, func(tx runner) error {
		var err error
		if s, err = t.lifecycleSettings(ctx, tx); err != nil {
			return err
		}
		if err := change(&s); err != nil {
			return err
		}
		_, err = tx.exec(ctx, `UPDATE tenants SET dlcm_inactive_days = $2, dlcm_deletion_enabled = $3, dlcm_deletion_days = $4
			WHERE id = $1`, t.tenantID, s.InactiveDays, s.DeletionEnabled, s.DeletionDays)
		return err
	})
	return s, err
}

// SetLifecycleExempt updates every device or, naming the first unknown
// one, none.
func (t *tenantStore) SetLifecycleExempt(ctx context.Context, ids []uuid.UUID, exempt bool, now time.Time) error {
	return t.updateEachDevice(ctx, ids, `UPDATE devices SET dlcm_exempt = $3, modified_at = $4, row_version = row_version + 1
		WHERE tenant_id = $1 AND id = $2`, exempt, micros(now))
}

// ResetInactivePeriod restarts the offline count of every device or,
// naming the first unknown one, of none.
func (t *tenantStore) ResetInactivePeriod(ctx context.Context, ids []uuid.UUID, now time.Time) error {
	return t.updateEachDevice(ctx, ids, `UPDATE devices SET dlcm_reset_at = $3, modified_at = $3, row_version = row_version + 1
		WHERE tenant_id = $1 AND id = $2`, micros(now))
}

// updateEachDevice runs update, whose first two parameters are the tenant
// and device ids, for each device in one transaction; ENotFound, and
// nothing changed, when a device does not exist.
func (t *tenantStore) updateEachDevice(ctx context.Context, ids []uuid.UUID, update string, args ...any) error {
	return t.inTx(ctx, func(tx runner) error {
		stmt, err := tx.batch(ctx, update)
		if err != nil {
			return err
		}
		for _, id := range ids {
			res, err := stmt.exec(ctx, append([]any{t.tenantID, id}, args...)...)
			if err := changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "device %s not found", id) }); err != nil {
				return err
			}
		}
		return nil
	})
}

// RemoveInactiveDevices deletes the devices whose removal is due at now,
// with everything that hangs on them (foreign keys).
func (t *tenantStore) RemoveInactiveDevices(ctx context.Context, now time.Time) (int64, error) {
	var removed int64
	err := t.inTx(ctx, func(tx runner) error {
		s, err := t.lifecycleSettings(ctx, tx)
		if err != nil || !s.DeletionEnabled {
			return err
		}
		cutoff := micros(now.Add(-s.RemovalPeriod()))
		res, err := tx.exec(ctx, `DELETE FROM devices WHERE tenant_id = $1 AND offline_at <= $2 AND NOT dlcm_exempt
			AND (dlcm_reset_at IS NULL OR dlcm_reset_at <= $2)`, t.tenantID, cutoff)
		if err != nil {
			return err
		}
		if removed, err = res.RowsAffected(); err != nil {
			return err
		}
		return t.devicesChanged(ctx, tx, removed)
	})
	return removed, err
}

// TenantsRemovingInactiveDevices lists the tenants with DLCM deletion on.
func (s *Store) TenantsRemovingInactiveDevices(ctx context.Context) ([]uuid.UUID, error) {
	rows, err := s.reader().query(ctx, `SELECT id FROM tenants WHERE dlcm_deletion_enabled ORDER BY id`)
	return scanAll(rows, err, scanID)
}
