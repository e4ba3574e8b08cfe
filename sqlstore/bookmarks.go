package sqlstore

import "context"

// devicesChanged records that a transaction inserted or deleted n devices
// of the tenant, by a new version of its list, so that every server's
// bookmarks into it go stale when the transaction commits. It comes last
// in the transaction: on PostgreSQL it locks the tenant's row until the
// commit. A change of nothing (a sweep that removed no device) keeps them.
func (t *tenantStore) devicesChanged(ctx context.Context, tx runner, n int64) error {
	if n == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `UPDATE tenants SET devices_version = devices_version + 1 WHERE id = $1`, t.tenantID)
	return err
}
