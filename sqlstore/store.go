// Package sqlstore implements wolfden.Store on SQL databases: embedded
// SQLite (modernc.org/sqlite, no cgo) by default, PostgreSQL through pgx v5
// for shared deployments. Both run the same queries and migrations, written
// in the SQL the two share; the few differences live in dialect.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/internal/sqlrun"
	"github.com/wolfden/wolfden/store"
)

// Store is a wolfden.Store on a SQL database.
type Store struct {
	// read serves queries and write serves transactions. On SQLite write is
	// a single connection, so writers queue in Go instead of spinning on
	// SQLITE_BUSY; on PostgreSQL both are the same pool.
	read    *sql.DB
	write   *sql.DB
	dialect dialect
	stmts   sync.Map   // stmtKey → *sql.Stmt, see runner
	commits *committer // SQLite's group commit; nil on PostgreSQL

	bookmarks bookmarkCache // into each tenant's device list, see bookmarks.go

	throwaway string // the directory of a Memory database, removed by Close
	schema    int    // the migration version Open brought the database to

	closeOnce sync.Once
	closeErr  error
}

var _ store.Store = (*Store)(nil)

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool { return sqlrun.IsPostgres(dsn) }

// Memory is the dsn of a throwaway database, for tests and CI runs: a
// SQLite database in a new temporary directory (in RAM where /dev/shm
// exists), removed when the store closes.
const Memory = ":memory:"

// Open opens the database dsn names — a postgres:// URL, a SQLite file
// (a path, or sqlite:PATH or file:PATH; created when missing), or Memory —
// and brings its schema up to date.
func Open(ctx context.Context, dsn string) (*Store, error) {
	if dsn != Memory {
		return open(ctx, dsn, 0)
	}
	dir, err := os.MkdirTemp(throwawayRoot(), "wolfden-memory-")
	if err != nil {
		return nil, err
	}
	s, err := open(ctx, filepath.Join(dir, "wolfden.db"), 0)
	if err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	s.throwaway = dir
	return s, nil
}

// throwawayRoot is where Memory databases go: /dev/shm, a RAM-backed file
// system, where there is one, so that a throwaway database never waits on
// a disk; the temporary directory elsewhere.
func throwawayRoot() string {
	if info, err := os.Stat("/dev/shm"); err == nil && info.IsDir() {
		return "/dev/shm"
	}
	return os.TempDir()
}

// open is Open bringing the schema up to migration version upTo, or to
// the newest when upTo is 0 (tests open a database as an older server
// left it).
func open(ctx context.Context, dsn string, upTo int) (*Store, error) {
	var (
		s   *Store
		err error
	)
	where := "" // what an error says the database is, without credentials
	if IsPostgres(dsn) {
		s, err = openPostgres(dsn)
		where = "PostgreSQL database"
	} else {
		var path string
		if path, err = SQLitePath(dsn); err != nil {
			return nil, err
		}
		s, err = openSQLite(path)
		where = fmt.Sprintf("SQLite database %q", path)
	}
	if err != nil {
		return nil, err
	}
	if err := s.write.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open the %s: %w", where, err)
	}
	if err := s.migrate(ctx, upTo); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrate the %s: %w", where, err)
	}
	if s.schema, err = s.schemaVersion(ctx); err != nil {
		s.Close()
		return nil, err
	}
	if s.dialect.groupCommit {
		s.commits = newCommitter(s)
	}
	return s, nil
}

// ObserveGroupCommits has fn told the number of write transactions of
// every SQLite group commit from now on (the metrics' jobs per commit),
// in place of any fn before; on PostgreSQL, which commits each
// transaction alone, fn is never called.
func (s *Store) ObserveGroupCommits(fn func(jobs int)) {
	if s.commits != nil {
		s.commits.ObserveBatches(fn)
	}
}

// Close commits the writes in flight and closes the database. Later calls
// do nothing and return the first one's error.
func (s *Store) Close() error {
	s.closeOnce.Do(func() { s.closeErr = s.close() })
	return s.closeErr
}

func (s *Store) close() error {
	if s.commits != nil {
		s.commits.Close()
	}
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	err := s.write.Close()
	if s.read != s.write {
		err = errors.Join(err, s.read.Close())
	}
	if s.throwaway != "" {
		err = errors.Join(err, os.RemoveAll(s.throwaway))
	}
	return err
}

// ForTenant returns the tenant-scoped view of the store.
func (s *Store) ForTenant(id uuid.UUID) store.TenantStore {
	return &tenantStore{Store: s, tenantID: id}
}

// tenantStore is one tenant's view: every statement it runs is scoped by
// tenantID.
type tenantStore struct {
	*Store
	tenantID uuid.UUID
}

func (t *tenantStore) TenantID() uuid.UUID { return t.tenantID }

// inTx runs fn in a write transaction, committing when it returns nil;
// when it returns, the commit is durable.
func (s *Store) inTx(ctx context.Context, fn func(runner) error) error {
	if s.commits != nil {
		return s.commits.Run(ctx, fn, jobOptions{})
	}
	var missed []string
	defer func() { s.prepare(s.write, missed) }()
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(runner{s: s, db: s.write, tx: tx, missed: &missed}); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, rbErr)
		}
		return err
	}
	return tx.Commit()
}

// inReadTx runs fn in a read-only transaction, so that the queries of one
// answer (a page and its total) see one snapshot.
func (s *Store) inReadTx(ctx context.Context, fn func(runner) error) error {
	var missed []string
	defer func() { s.prepare(s.read, missed) }()
	tx, err := s.read.BeginTx(ctx, &sql.TxOptions{ReadOnly: s.dialect.readOnlyTx, Isolation: sql.LevelRepeatableRead})
	if err != nil {
		return err
	}
	defer tx.Rollback()
	return fn(runner{s: s, db: s.read, tx: tx, missed: &missed})
}
