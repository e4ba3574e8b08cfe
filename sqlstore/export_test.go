package sqlstore

import (
	"context"
	"database/sql"
)

// Test-only access to the pools, for checks the Store interface does not offer.

func (s *Store) WriteDB() *sql.DB { return s.write }
func (s *Store) ReadDB() *sql.DB  { return s.read }

var (
	TenantTables    = tenantTables
	Migrations      = migrations
	SplitStatements = splitStatements
)

// OpenUpTo opens dsn with its schema brought only up to migration version,
// as a server of that version left it.
func OpenUpTo(ctx context.Context, dsn string, version int) (*Store, error) {
	return open(ctx, dsn, version)
}
