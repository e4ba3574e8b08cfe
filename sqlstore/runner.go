package sqlstore

import (
	"context"
	"database/sql"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// runner runs statements on a pool, or in a transaction on it, through
// prepared statements that the Store caches by query text. SQLite would
// otherwise parse every query anew, a third of a simple read's time.
type runner struct {
	s  *Store
	db *sql.DB // the pool the statements are prepared on
	tx *sql.Tx // nil outside a transaction
	// missed collects the queries a transaction ran unprepared, for
	// prepare once the transaction has let go of its connection.
	missed *[]string
	// detached: statements ignore their caller's cancellation (the
	// committer's batches).
	detached bool
}

// context returns the context a statement runs under.
func (r runner) context(ctx context.Context) context.Context {
	if r.detached {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// execFunc runs one statement: runner.exec in a transaction, or
// Store.execWrite for a write that is a statement on its own. A write of
// one statement needs no BEGIN and COMMIT, two round trips on PostgreSQL.
type execFunc func(ctx context.Context, query string, args ...any) (sql.Result, error)

// execWrite runs one write statement durably: in a transaction of its own
// where writes are group-committed (SQLite), directly on the pool
// otherwise.
func (s *Store) execWrite(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.execOne(ctx, false, query, args...)
}

// execLazy runs one write statement whose loss in a crash is harmless — a
// spent token id, whose replay protection the vendor's guide does not
// require — without waiting for the commit where writes are group-committed:
// it is visible to the writes after it at once, and on disk with the next
// commit.
func (s *Store) execLazy(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return s.execOne(ctx, true, query, args...)
}

func (s *Store) execOne(ctx context.Context, lazy bool, query string, args ...any) (sql.Result, error) {
	if s.commits == nil {
		return runner{s: s, db: s.write}.exec(ctx, query, args...)
	}
	var res sql.Result
	err := s.commits.Run(ctx, func(tx runner) error {
		var err error
		res, err = tx.exec(ctx, query, args...)
		return err
	}, jobOptions{Lazy: lazy, Statement: true})
	return res, err
}

// reader runs queries on the read pool.
func (s *Store) reader() runner { return runner{s: s, db: s.read} }

type stmtKey struct {
	db    *sql.DB
	query string
}

// stmt returns the cached prepared statement for query, preparing it on
// the pool when it is new. In a transaction it never asks the pool for a
// connection — the transaction may hold the only one (SQLite's writer) —
// so a statement not cached yet is run unprepared there (nil) and
// prepared after the transaction.
func (r runner) stmt(ctx context.Context, query string) (*sql.Stmt, error) {
	key := stmtKey{r.db, query}
	v, ok := r.s.stmts.Load(key)
	switch {
	case ok && r.tx != nil:
		return r.tx.StmtContext(ctx, v.(*sql.Stmt)), nil
	case ok:
		return v.(*sql.Stmt), nil
	case r.tx != nil:
		if r.missed != nil {
			*r.missed = append(*r.missed, query)
		}
		return nil, nil
	}
	st, err := r.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if v, ok = r.s.stmts.LoadOrStore(key, st); ok {
		st.Close() // another goroutine prepared it first
		return v.(*sql.Stmt), nil
	}
	return st, nil
}

// prepare caches prepared statements for queries on db. A query that
// does not prepare is left to run unprepared, as it did.
func (s *Store) prepare(db *sql.DB, queries []string) {
	r := runner{s: s, db: db}
	for _, q := range queries {
		r.stmt(context.Background(), q)
	}
}

func (r runner) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = r.context(ctx)
	st, err := r.stmt(ctx, query)
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return r.tx.ExecContext(ctx, query, args...)
	}
	return st.ExecContext(ctx, args...)
}

// execOnce runs a statement without caching it prepared: for statements
// whose text varies with their data (multi-row inserts), each run often
// enough to repay parsing it.
func (r runner) execOnce(ctx context.Context, query string, args ...any) (sql.Result, error) {
	ctx = r.context(ctx)
	if r.tx != nil {
		return r.tx.ExecContext(ctx, query, args...)
	}
	return r.db.ExecContext(ctx, query, args...)
}

func (r runner) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	ctx = r.context(ctx)
	st, err := r.stmt(ctx, query)
	switch {
	case err != nil:
		return nil, err
	case st == nil:
		return r.tx.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// row is what queryRow returns: a *sql.Row, or the error of preparing it.
type row interface{ Scan(dest ...any) error }

type errRow struct{ err error }

func (e errRow) Scan(...any) error { return e.err }

func (r runner) queryRow(ctx context.Context, query string, args ...any) row {
	ctx = r.context(ctx)
	st, err := r.stmt(ctx, query)
	switch {
	case err != nil:
		return errRow{err}
	case st == nil:
		return r.tx.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// batch prepares query for a loop of statements in the transaction: the
// statement is parsed once, and closed when the transaction ends.
func (r runner) batch(ctx context.Context, query string) (batchStmt, error) {
	ctx = r.context(ctx)
	st, err := r.stmt(ctx, query)
	if st == nil && err == nil {
		st, err = r.tx.PrepareContext(ctx, query)
	}
	return batchStmt{st, r}, err
}

// batchStmt is a statement batch prepared.
type batchStmt struct {
	st *sql.Stmt
	r  runner
}

func (b batchStmt) exec(ctx context.Context, args ...any) (sql.Result, error) {
	return b.st.ExecContext(b.r.context(ctx), args...)
}

// scanAll reads every row of a query with scan; it takes the query's
// results as they come, so that callers can write
// scanAll(tx.query(...), scanX).
func scanAll[T any](rows *sql.Rows, err error, scan func(row) (*T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	items := []T{}
	for rows.Next() {
		item, err := scan(rows)
		if err != nil {
			return nil, err
		}
		items = append(items, *item)
	}
	return items, rows.Err()
}

// scanID reads a row of one id.
func scanID(r row) (*uuid.UUID, error) {
	var id uuid.UUID
	return &id, r.Scan(&id)
}

// changedRows passes on the error of a statement that must change at
// least one row, and answers notFound when it changed none.
func changedRows(res sql.Result, err error, notFound func() error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return notFound()
	}
	return nil
}

// pageOf reads one page in a read transaction: the total from countQuery,
// and the items from listQuery, which takes args and then LIMIT and
// OFFSET.
func pageOf[T any](ctx context.Context, s *Store, page wolfden.PageRequest, countQuery, listQuery string, args []any,
	scan func(row) (*T, error)) (wolfden.Page[T], error) {
	var result wolfden.Page[T]
	err := s.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, countQuery, args...).Scan(&result.Total); err != nil {
			return err
		}
		rows, err := tx.query(ctx, listQuery, append(args, page.Size, page.Offset())...)
		result.Items, err = scanAll(rows, err, scan)
		return err
	})
	return result, err
}

// readChangeWrite finds a row, applies change to it and writes it back,
// in one transaction; a refused change writes nothing.
func readChangeWrite[T any](ctx context.Context, s *Store, find func(runner) (*T, error), change func(*T) error,
	write func(runner, *T) error) (*T, error) {
	var v *T
	err := s.inTx(ctx, func(tx runner) error {
		var err error
		if v, err = find(tx); err != nil {
			return err
		}
		if err := change(v); err != nil {
			return err
		}
		return write(tx, v)
	})
	if err != nil {
		return nil, err
	}
	return v, nil
}
