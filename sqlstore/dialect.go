package sqlstore

import (
	"database/sql"
	"errors"
	"runtime"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/sqlrun"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is what differs between the two databases.
type dialect struct {
	name string
	// migrationLock is run first in the migration transaction so that
	// servers starting together migrate one at a time ("" when the
	// transaction itself locks the database, as on SQLite).
	migrationLock string
	// readOnlyTx: whether to ask for read-only transactions. modernc's
	// SQLite driver refuses that option; its read pool is query_only.
	readOnlyTx bool
	// groupCommit: whether write transactions share commits (see
	// committer); PostgreSQL already flushes concurrent commits together.
	groupCommit bool
	// devicesPerInsert: how many devices one INSERT carries (see
	// sqlrun.DevicesPerInsert).
	devicesPerInsert int
	// analyzeDevices refreshes the planner's statistics of the device
	// tables, run by a bulk insert after its first chunk when
	// devicesEstimate (the rows the statistics know of) is below the
	// insert's size. PostgreSQL plans the foreign-key checks of a young
	// table from no statistics and may pick any index that starts with
	// tenant_id (devices_by_policy, say): each check then reads every
	// device of the tenant, and a seed of 25,000 devices took 45 s
	// instead of 3. Once the statistics know a table at least that large,
	// autovacuum keeps them: ANALYZE on every insert cost 0.5 s each at
	// 100,000 devices, most of the time of a seed.
	analyzeDevices        string
	devicesEstimate       string
	isUniqueViolation     func(error) bool
	isForeignKeyViolation func(error) bool
}

var sqliteDialect = dialect{
	name:             "sqlite",
	groupCommit:      true,
	devicesPerInsert: sqlrun.DevicesPerInsert(false),
	isUniqueViolation: func(err error) bool {
		var e *sqlite.Error
		if !errors.As(err, &e) {
			return false
		}
		return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	},
	isForeignKeyViolation: func(err error) bool {
		var e *sqlite.Error
		return errors.As(err, &e) && e.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
	},
}

var postgresDialect = dialect{
	name:             "postgres",
	migrationLock:    "SELECT pg_advisory_xact_lock(7715553)", // any constant shared by all wolfden servers
	readOnlyTx:       true,
	devicesPerInsert: sqlrun.DevicesPerInsert(true),
	analyzeDevices:   "ANALYZE devices, device_macs, device_zones",
	devicesEstimate:  "SELECT reltuples FROM pg_class WHERE oid = 'devices'::regclass",
	isUniqueViolation: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "23505"
	},
	isForeignKeyViolation: func(err error) bool {
		var e *pgconn.PgError
		return errors.As(err, &e) && e.Code == "23503"
	},
}

// openSQLite opens path in WAL mode with synchronous=FULL: a committed
// transaction is on disk before the commit returns, so a 2xx answer means
// the write is durable.
func openSQLite(path string) (*Store, error) {
	write, err := sql.Open("sqlite", sqlrun.SQLiteWriter(path))
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)

	read, err := sql.Open("sqlite", sqlrun.SQLiteReader(path))
	if err != nil {
		write.Close()
		return nil, err
	}
	conns := max(4, 2*runtime.GOMAXPROCS(0))
	read.SetMaxOpenConns(conns)
	read.SetMaxIdleConns(conns)
	read.SetConnMaxLifetime(0)
	return &Store{read: read, write: write, dialect: sqliteDialect}, nil
}

func openPostgres(dsn string) (*Store, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(max(8, 4*runtime.GOMAXPROCS(0)))
	db.SetMaxIdleConns(max(8, 4*runtime.GOMAXPROCS(0)))
	return &Store{read: db, write: db, dialect: postgresDialect}, nil
}

// conflictIf turns a unique-constraint violation (a name or e-mail in use)
// into EConflict with the given message; any other error passes as it is.
func (s *Store) conflictIf(err error, format string, args ...any) error {
	if err != nil && s.dialect.isUniqueViolation(err) {
		return wolfden.Errorf(wolfden.EConflict, format, args...)
	}
	return err
}

// notFoundIf turns sql.ErrNoRows (the row looked for is not there) into
// ENotFound with the given message; any other error, or nil, passes as it is.
func notFoundIf(err error, format string, args ...any) error {
	if errors.Is(err, sql.ErrNoRows) {
		return wolfden.Errorf(wolfden.ENotFound, format, args...)
	}
	return err
}
