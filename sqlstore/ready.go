package sqlstore

import (
	"context"
	"fmt"
)

// Ready reports whether the database answers queries and still holds the
// schema Open brought it to: a database restored from an older copy, or
// migrated by a newer server, is not one this server can serve.
func (s *Store) Ready(ctx context.Context) error {
	v, err := s.schemaVersion(ctx)
	if err != nil {
		return err
	}
	if v != s.schema {
		return fmt.Errorf("the %s database's schema is at migration %d, this server's at %d", s.dialect.name, v, s.schema)
	}
	return nil
}

// schemaVersion is the newest migration applied to the database.
func (s *Store) schemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.read.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("query the %s database: %w", s.dialect.name, err)
	}
	return v, nil
}
