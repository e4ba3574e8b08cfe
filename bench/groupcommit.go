package bench

import (
	"context"
	"database/sql"
)

// groupCommit is the SQLite ceiling's writer: one connection that runs
// the statements queued while it commits in one transaction, so that
// concurrent writers share a flush, as wolfden's writes do. Each writer
// still waits for the commit that makes its statement durable.
type groupCommit struct {
	db    *sql.DB
	queue chan groupedStmt
}

type groupedStmt struct {
	query string
	args  []any
	done  chan error
}

// maxGroup bounds a commit's statements, as wolfden's committer does.
const maxGroup = 256

func newGroupCommit(db *sql.DB) *groupCommit {
	g := &groupCommit{db: db, queue: make(chan groupedStmt, maxGroup)}
	go g.loop()
	return g
}

// exec runs query durably.
func (g *groupCommit) exec(ctx context.Context, query string, args ...any) error {
	st := groupedStmt{query: query, args: args, done: make(chan error, 1)}
	select {
	case g.queue <- st:
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-st.done
}

// stop ends the writer once its queue is empty; no exec may follow.
func (g *groupCommit) stop() { close(g.queue) }

func (g *groupCommit) loop() {
	for first := range g.queue {
		group, err := g.commit(first)
		for _, st := range group {
			st.done <- err
		}
	}
}

// commit runs first and the statements queued while it runs, up to
// maxGroup, in one transaction; any failure fails them all.
func (g *groupCommit) commit(first groupedStmt) ([]groupedStmt, error) {
	group := []groupedStmt{first}
	ctx := context.Background()
	tx, err := g.db.BeginTx(ctx, nil)
	if err != nil {
		return group, err
	}
	defer tx.Rollback()
	for st := first; ; {
		if _, err := tx.ExecContext(ctx, st.query, st.args...); err != nil {
			return group, err
		}
		var ok bool
		if st, ok = g.next(len(group)); !ok {
			break
		}
		group = append(group, st)
	}
	return group, tx.Commit()
}

// next returns a queued statement if the group has room for it.
func (g *groupCommit) next(grouped int) (groupedStmt, bool) {
	if grouped < maxGroup {
		select {
		case st, ok := <-g.queue:
			return st, ok
		default:
		}
	}
	return groupedStmt{}, false
}
