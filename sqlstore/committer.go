package sqlstore

import (
	"context"

	"github.com/wolfden/wolfden/internal/sqlrun"
)

// committer is SQLite's group commit (see sqlrun.GroupCommit) on the
// store's write connection. Each batch is a runner in a transaction whose
// statements ignore their callers' cancellation; the queries it ran
// unprepared are prepared once it has ended.
type committer = sqlrun.GroupCommit[runner]

type jobOptions = sqlrun.JobOptions

// errClosed answers writes submitted after the store closed.
var errClosed = sqlrun.ErrClosed

func newCommitter(s *Store) *committer {
	return sqlrun.NewGroupCommit(func() (runner, error) {
		tx, err := s.write.BeginTx(context.Background(), nil)
		if err != nil {
			return runner{}, err
		}
		return runner{s: s, db: s.write, tx: tx, missed: new([]string), detached: true}, nil
	}, func(r runner) { s.prepare(s.write, *r.missed) })
}

// Exec, Commit and Rollback make a runner in a transaction a
// sqlrun.Batch.
func (r runner) Exec(ctx context.Context, query string) error {
	_, err := r.exec(ctx, query)
	return err
}

func (r runner) Commit() error   { return r.tx.Commit() }
func (r runner) Rollback() error { return r.tx.Rollback() }
