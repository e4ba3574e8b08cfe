package sqlstore

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

// tenantTables are the tables holding a tenant's rows, each before every
// table it references, so that deleting in this order breaks no foreign
// key on either backend. TestTenantTables keeps the list complete.
var tenantTables = []string{
	"applications", "detections", "device_deletions", "device_lockdown_history", "device_lockdowns",
	"device_macs", "device_threats", "device_zones", "file_retrievals", "focus_views",
	"global_list_entries", "instaquery_relation_objects", "instaquery_targets", "memory_events",
	"package_execution_devices", "package_execution_runs", "rule_set_rules", "used_token_ids",
	"user_zones", "detection_rules", "devices", "instaqueries", "package_executions", "packages",
	"rule_sets", "threats", "users", "zones", "policies",
}

// keptOnReset are what a reset leaves: the tenant's applications and the
// token ids they spent, so that its clients keep their credentials.
var keptOnReset = []string{"applications", "used_token_ids"}

// partnerTables are the partners' tables, each before the tables it
// references.
var partnerTables = []string{"report_runs", "policy_templates", "partner_users", "partner_applications", "partners"}

// ResetServer deletes every tenant, partner and signing key, in one
// transaction: the database is as on first start, migrated.
func (s *Store) ResetServer(ctx context.Context) error {
	err := s.inTx(ctx, func(tx runner) error {
		tables := append(append(slices.Clone(tenantTables), "tenants"), partnerTables...)
		for _, table := range append(tables, "signing_keys") {
			if _, err := tx.tx.ExecContext(ctx, `DELETE FROM `+table); err != nil {
				return err
			}
		}
		return nil
	})
	s.bookmarks.clear()
	return err
}

// Tenants lists the server's tenants by name.
func (s *Store) Tenants(ctx context.Context) ([]wolfden.Tenant, error) {
	rows, err := s.reader().query(ctx, `SELECT `+tenantColumns+` FROM tenants ORDER BY name_key, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tenants []wolfden.Tenant
	for rows.Next() {
		t, err := scanTenant(rows)
		if err != nil {
			return nil, err
		}
		tenants = append(tenants, *t)
	}
	return tenants, rows.Err()
}

// DeleteTenant deletes a tenant and everything it owns, in one
// transaction.
func (s *Store) DeleteTenant(ctx context.Context, id uuid.UUID) error {
	defer s.bookmarks.drop(id)
	return s.inTx(ctx, func(tx runner) error {
		if err := tenantExists(ctx, tx, id); err != nil {
			return err
		}
		if err := deleteTenantRows(ctx, tx, id, tenantTables); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `DELETE FROM tenants WHERE id = $1`, id)
		return err
	})
}

// ResetTenant empties a tenant as if it were new: only its applications
// (and the token ids they spent) stay, the Default policy is made again,
// and lifecycle settings and the detection counter start over.
func (s *Store) ResetTenant(ctx context.Context, id uuid.UUID, now time.Time) error {
	return s.inTx(ctx, func(tx runner) error {
		if err := tenantExists(ctx, tx, id); err != nil {
			return err
		}
		emptied := slices.DeleteFunc(slices.Clone(tenantTables), func(t string) bool { return slices.Contains(keptOnReset, t) })
		if err := deleteTenantRows(ctx, tx, id, emptied); err != nil {
			return err
		}
		l := wolfden.DefaultLifecycleSettings
		if _, err := tx.exec(ctx, `UPDATE tenants SET dlcm_inactive_days = $2, dlcm_deletion_enabled = $3,
			dlcm_deletion_days = $4, detections_raised = 0, devices_version = devices_version + 1 WHERE id = $1`,
			id, l.InactiveDays, l.DeletionEnabled, l.DeletionDays); err != nil {
			return err
		}
		return insertPolicy(ctx, tx, policy.DefaultDevicePolicy(id, now))
	})
}

func tenantExists(ctx context.Context, tx runner, id uuid.UUID) error {
	var one int
	err := tx.queryRow(ctx, `SELECT 1 FROM tenants WHERE id = $1`, id).Scan(&one)
	return notFoundIf(err, "tenant %s not found", id)
}

func deleteTenantRows(ctx context.Context, tx runner, id uuid.UUID, tables []string) error {
	for _, table := range tables {
		if _, err := tx.exec(ctx, `DELETE FROM `+table+` WHERE tenant_id = $1`, id); err != nil {
			return err
		}
	}
	return nil
}
