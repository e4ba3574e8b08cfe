package sqlstore

import "database/sql"

// Test-only access to the pools, for checks the Store interface does not offer.

func (s *Store) WriteDB() *sql.DB { return s.write }
func (s *Store) ReadDB() *sql.DB  { return s.read }

var (
	Migrations      = migrations
	SplitStatements = splitStatements
)
