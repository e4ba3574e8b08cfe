package sqlstore_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func forEachBackend(t *testing.T, test func(t *testing.T, s *sqlstore.Store)) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) { test(t, b.Open(t)) })
}

// Reopening a database applies no migration twice and keeps its data.
func TestReopen(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		ctx := context.Background()
		dsn := b.DSN(t)
		s, err := sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		tn, app, _ := wolfden.NewTenant("kept", time.Now())
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		s.Close()

		s, err = sqlstore.Open(ctx, dsn)
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		defer s.Close()
		if n, err := s.CountTenants(ctx); err != nil || n != 1 {
			t.Fatalf("CountTenants after reopen = %d, %v", n, err)
		}
		ms, _ := sqlstore.Migrations()
		var applied int
		if err := s.ReadDB().QueryRow(`SELECT COUNT(*) FROM schema_migrations`).Scan(&applied); err != nil || applied != len(ms) {
			t.Fatalf("schema_migrations holds %d rows, want %d (%v)", applied, len(ms), err)
		}
	})
}

func TestSQLiteSettings(t *testing.T) {
	s, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for pragma, want := range map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1"} {
		var got string
		if err := s.WriteDB().QueryRow("PRAGMA " + pragma).Scan(&got); err != nil || got != want {
			t.Errorf("PRAGMA %s = %q, %v; want %q", pragma, got, err, want)
		}
	}
	if _, err := s.ReadDB().Exec(`DELETE FROM tenants`); err == nil {
		t.Error("the read pool accepts writes")
	}
}

func TestSplitStatements(t *testing.T) {
	got := sqlstore.SplitStatements("-- comment\nCREATE TABLE a (x INT, -- inline\n y INT);\n\nCREATE INDEX i ON a (x);\n")
	if len(got) != 2 || got[1] != "CREATE INDEX i ON a (x);" {
		t.Fatalf("splitStatements = %q", got)
	}
}
