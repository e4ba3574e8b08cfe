package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// TestBulkInsertAnalyzesYoungTables checks on PostgreSQL that a bulk
// insert refreshes the planner's statistics only while they know of fewer
// devices than the insert adds: after its first chunk of 100 (so the
// statistics count 100, then 400), and not once they count enough.
func TestBulkInsertAnalyzesYoungTables(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		if b.Name != "postgres" {
			t.Skip("SQLite plans without statistics")
		}
		ctx := context.Background()
		s := b.Open(t)
		// Autovacuum must not analyze between the steps.
		for _, table := range []string{"devices", "device_macs", "device_zones"} {
			if _, err := s.WriteDB().ExecContext(ctx, `ALTER TABLE `+table+` SET (autovacuum_enabled = false)`); err != nil {
				t.Fatal(err)
			}
		}
		tn, app, err := wolfden.NewTenant("stats", time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		for i, want := range []float64{100, 400, 400} {
			plan := seed.Plan{Devices: 300, Seed: uint64(i + 1), Now: time.Now()}
			if _, err := seed.Run(ctx, s.ForTenant(tn.ID), plan, nil); err != nil {
				t.Fatal(err)
			}
			var known float64
			if err := s.WriteDB().QueryRowContext(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'devices'::regclass`).Scan(&known); err != nil {
				t.Fatal(err)
			}
			if known != want {
				t.Errorf("after %d devices the statistics know %v, want %v", 300*(i+1), known, want)
			}
		}
	})
}
