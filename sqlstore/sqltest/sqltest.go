// Package sqltest opens fresh stores on every backend for tests: SQLite
// always, PostgreSQL when WOLFDEN_TEST_POSTGRES holds a URL (.ci/run sets
// it, so CI always covers both).
package sqltest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore"
)

// PostgresEnv names the variable holding the PostgreSQL test server's URL.
const PostgresEnv = "WOLFDEN_TEST_POSTGRES"

// Backend opens empty stores of one kind.
type Backend struct {
	Name string
	// DSN returns the address of a new, empty database, removed when the
	// test ends.
	DSN func(t testing.TB) string
}

// Open opens a new, empty store on b, closed when the test ends.
func (b Backend) Open(t testing.TB) *sqlstore.Store {
	t.Helper()
	return b.open(t, b.DSN(t))
}

// OpenTwice opens two stores on one new, empty database, as two servers
// sharing it would.
func (b Backend) OpenTwice(t testing.TB) (*sqlstore.Store, *sqlstore.Store) {
	t.Helper()
	dsn := b.DSN(t)
	return b.open(t, dsn), b.open(t, dsn)
}

func (b Backend) open(t testing.TB, dsn string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s store: %v", b.Name, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Backends lists the backends to test on.
func Backends() []Backend {
	backends := []Backend{{Name: "sqlite", DSN: sqliteDSN}}
	if base := os.Getenv(PostgresEnv); base != "" {
		backends = append(backends, Backend{Name: "postgres", DSN: func(t testing.TB) string { return postgresDSN(t, base) }})
	}
	return backends
}

// Run runs test once per backend as a subtest named after it.
func Run(t *testing.T, test func(t *testing.T, b Backend)) {
	for _, b := range Backends() {
		t.Run(b.Name, func(t *testing.T) { test(t, b) })
	}
}

func sqliteDSN(t testing.TB) string {
	return filepath.Join(t.TempDir(), "wolfden.db")
}

// postgresDSN creates a schema of its own for the test, so tests can run in
// parallel on one database, and drops it afterwards.
func postgresDSN(t testing.TB, base string) string {
	t.Helper()
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	t.Cleanup(func() { admin.Close() })
	schema := "wolfden_test_" + strings.ToLower(rand.Text()[:12])
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("PostgreSQL at %s=%s is unreachable or refused a schema: %v", PostgresEnv, base, err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(ctx, `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop test schema: %v", err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", PostgresEnv, err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}
