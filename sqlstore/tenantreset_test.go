package sqlstore_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
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

// TestTenantDumpAcrossBackends: a tenant exported from SQLite imports
// into PostgreSQL and back, booleans and bytes converted, and lists the
// same devices (the storage suite covers each backend on its own).
func TestTenantDumpAcrossBackends(t *testing.T) {
	backends := sqltest.Backends()
	if len(backends) < 2 {
		t.Skipf("needs PostgreSQL too (%s)", sqltest.PostgresEnv)
	}
	ctx := context.Background()
	from := backends[0].Open(t)
	tn, app, err := wolfden.NewTenant("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := from.CreateTenant(ctx, tn, app); err != nil {
		t.Fatal(err)
	}
	plan := seed.Plan{Devices: 9, Threats: 3, MemoryEvents: 4, Detections: 5, Seed: 5, Now: time.Now()}
	if _, err := seed.Run(ctx, from.ForTenant(tn.ID), plan, nil); err != nil {
		t.Fatal(err)
	}
	page := wolfden.PageRequest{Number: 1, Size: 50}
	want, err := from.ForTenant(tn.ID).Devices(ctx, page, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range []sqltest.Backend{backends[1], backends[0]} { // there and back
		dump, err := from.ExportTenant(ctx, tn.ID)
		if err != nil {
			t.Fatal(err)
		}
		to := b.Open(t)
		if _, err := to.ImportTenant(ctx, dump, ""); err != nil {
			t.Fatalf("import into %s: %v", b.Name, err)
		}
		got, err := to.ForTenant(tn.ID).Devices(ctx, page, true)
		if err != nil {
			t.Fatal(err)
		}
		if got.Total != want.Total || len(got.Items) != len(want.Items) {
			t.Fatalf("%s lists %d of %d devices, want %d", b.Name, len(got.Items), got.Total, want.Total)
		}
		for i := range want.Items {
			if g, w := got.Items[i], want.Items[i]; g.ID != w.ID || g.BackgroundDetection != w.BackgroundDetection ||
				g.UpdateAvailable != w.UpdateAvailable || !g.Registered.Equal(w.Registered) {
				t.Errorf("%s, device %d: %+v, want %+v", b.Name, i, g, w)
			}
		}
		from = to
	}
}

// TestResetServer: after a reset no table but the migrations' holds a row.
func TestResetServer(t *testing.T) {
	ctx := context.Background()
	s := sqltest.Backends()[0].Open(t)
	tn, app, err := wolfden.NewTenant("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreateTenant(ctx, tn, app); err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Run(ctx, s.ForTenant(tn.ID), seed.Plan{Devices: 5, Threats: 2, Detections: 3, Seed: 2, Now: time.Now()}, nil); err != nil {
		t.Fatal(err)
	}
	p, papp, err := partner.NewPartner("MSP", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePartner(ctx, p, papp); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SigningKey(ctx, wolfden.SigningKey{ID: "k1", Secret: []byte("s"), Created: time.Now()}); err != nil {
		t.Fatal(err)
	}

	if err := s.ResetServer(ctx); err != nil {
		t.Fatal(err)
	}
	rows, err := s.ReadDB().QueryContext(ctx, `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations'`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	for _, table := range tables {
		var n int
		if err := s.ReadDB().QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("after a reset %s holds %d rows", table, n)
		}
	}
	if len(tables) < 30 {
		t.Errorf("checked %d tables, want every one", len(tables))
	}
}
