package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestTenantTables: the tables a tenant deletion empties are every table
// with a tenant_id column, so that a table a later migration adds cannot be
// forgotten, and after a deletion none of them holds a row of the tenant.
func TestTenantTables(t *testing.T) {
	ctx := context.Background()
	s := sqltest.Backends()[0].Open(t)
	db := s.ReadDB()
	rows, err := db.QueryContext(ctx, `SELECT m.name FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND c.name = 'tenant_id' ORDER BY m.name`)
	if err != nil {
		t.Fatal(err)
	}
	var withTenant []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		withTenant = append(withTenant, name)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	listed := slices.Sorted(slices.Values(sqlstore.TenantTables))
	if !slices.Equal(listed, withTenant) {
		t.Fatalf("tenantTables lists %v;\nthe tables with a tenant_id column are %v", listed, withTenant)
	}

	tn, app, err := wolfden.NewTenant("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTenant(ctx, tn, app); err != nil {
		t.Fatal(err)
	}
	plan := seed.Plan{Devices: 8, Threats: 3, MemoryEvents: 4, Detections: 5, Seed: 3, Now: time.Now()}
	if _, err := seed.Run(ctx, s.ForTenant(tn.ID), plan, nil); err != nil {
		t.Fatal(err)
	}
	var devices int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM devices WHERE tenant_id = ?`, tn.ID.String()).Scan(&devices); err != nil || devices != plan.Devices {
		t.Fatalf("the seeded tenant has %d device rows, %v; want %d", devices, err, plan.Devices)
	}
	if err := s.DeleteTenant(ctx, tn.ID); err != nil {
		t.Fatal(err)
	}
	for _, table := range append(withTenant, "tenants") {
		column := "tenant_id"
		if table == "tenants" {
			column = "id"
		}
		var n int
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE `+column+` = ?`, tn.ID.String()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s holds %d rows of the deleted tenant", table, n)
		}
	}
}
