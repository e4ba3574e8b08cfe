package sqlrun

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// GroupCommit is SQLite's group commit. SQLite has one writer and fsyncs
// every commit (synchronous=FULL), so transactions committed one by one
// are bound by the disk's flush rate, not by the work they do. The
// committer owns the write connection and runs the transactions submitted
// to it one after another inside one database transaction, each in its
// own savepoint, then commits them together: one flush for the lot.
//
// A transaction that fails is rolled back to its savepoint and the others
// go on; each caller hears back only once the commit that makes its
// writes durable has returned, so a nil error still means "on disk". The
// transactions of a batch run in order, each seeing the ones before it,
// exactly as if they had committed one by one. Their statements ignore
// their callers' cancellation: SQLite rolls back the whole transaction
// when a write is interrupted, which would fail the batch.
//
// B is the batch's transaction as the jobs see it.
type GroupCommit[B Batch] struct {
	begin   func() (B, error)
	after   func(B)
	jobs    chan *commitJob[B]
	closing chan struct{}
	stopped sync.WaitGroup

	mu     sync.RWMutex // held to read closed and send a job; written by close
	closed bool

	observe atomic.Pointer[func(jobs int)] // see ObserveBatches

	// LazyDelay is how long a batch of lazy writes stays open
	// (LazyCommitDelay); tests change it before the first job.
	LazyDelay time.Duration
}

// Batch is a batch's open transaction.
type Batch interface {
	// Exec runs one of the committer's own statements (SAVEPOINT and
	// the like), ignoring the caller's cancellation.
	Exec(ctx context.Context, query string) error
	Commit() error
	Rollback() error
}

// MaxBatch bounds how many transactions share a commit, so that callers
// hear back even under a constant stream of writes.
const MaxBatch = 256

// ErrClosed answers writes submitted after Close.
var ErrClosed = errors.New("sqlstore: store is closed")

type commitJob[B Batch] struct {
	ctx context.Context
	fn  func(B) error
	JobOptions
	err      error
	panicked any // what fn panicked with, re-raised in the caller
	done     chan struct{}
	answered bool // done is closed
}

// JobOptions say how the committer runs a job.
type JobOptions struct {
	// Lazy: the caller is answered once fn has run, before the commit;
	// whatever follows, the caller has its answer.
	Lazy bool
	// Statement: fn runs one statement, which needs no savepoint: SQLite
	// undoes a failed statement by itself (see runStatement).
	Statement bool
}

// answer gives the caller its outcome, once.
func (job *commitJob[B]) answer() {
	if !job.answered {
		job.answered = true
		close(job.done)
	}
}

// NewGroupCommit starts a committer whose batches begin with begin and,
// once ended (committed or not), are handed to after when it is not nil.
func NewGroupCommit[B Batch](begin func() (B, error), after func(B)) *GroupCommit[B] {
	c := &GroupCommit[B]{begin: begin, after: after, jobs: make(chan *commitJob[B], MaxBatch),
		closing: make(chan struct{}), LazyDelay: LazyCommitDelay}
	c.stopped.Add(1)
	go c.loop()
	return c
}

// Run submits fn and waits for the commit that carries it. Once fn is
// queued the caller waits for its outcome even when ctx ends, so that an
// error never hides a write that went through.
func (c *GroupCommit[B]) Run(ctx context.Context, fn func(B) error, opts JobOptions) error {
	job := &commitJob[B]{ctx: ctx, fn: fn, JobOptions: opts, done: make(chan struct{})}
	if err := c.submit(job); err != nil {
		return err
	}
	<-job.done
	if job.panicked != nil {
		panic(job.panicked)
	}
	return job.err
}

// ObserveBatches has fn told the number of jobs of every batch ended from
// now on, committed or not (the metrics' jobs per commit), before their
// callers hear back; nil stops it. fn runs on the committer: it must be
// quick.
func (c *GroupCommit[B]) ObserveBatches(fn func(jobs int)) {
	if fn == nil {
		c.observe.Store(nil)
		return
	}
	c.observe.Store(&fn)
}

// Queued is how many jobs wait for a batch.
func (c *GroupCommit[B]) Queued() int { return len(c.jobs) }

func (c *GroupCommit[B]) submit(job *commitJob[B]) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return ErrClosed
	}
	select {
	case c.jobs <- job:
		return nil
	case <-job.ctx.Done():
		return job.ctx.Err()
	}
}

// Close refuses new jobs, commits the ones queued and stops the
// committer.
func (c *GroupCommit[B]) Close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	close(c.closing)
	c.stopped.Wait()
}

func (c *GroupCommit[B]) loop() {
	defer c.stopped.Done()
	for {
		select {
		case job := <-c.jobs:
			c.commitBatch(job)
		case <-c.closing:
			// No job can be queued any more: commit what is.
			for job := c.next(nil, nil); job != nil; job = c.next(nil, nil) {
				c.commitBatch(job)
			}
			return
		}
	}
}

// commitBatch runs first and whatever else is queued while the batch
// runs, up to MaxBatch, and commits them.
func (c *GroupCommit[B]) commitBatch(first *commitJob[B]) {
	var ran []*commitJob[B]
	// The batch is not any one caller's: its statements run on the
	// background context, and a caller leaving cancels only its own part.
	tx, err := c.begin()
	if err != nil {
		first.err = err
		first.answer()
		return
	}
	finish := func(batchErr error) {
		// Observed before any caller hears back, so that a caller finds
		// its batch counted.
		if observe := c.observe.Load(); observe != nil {
			(*observe)(len(ran))
		}
		for _, job := range ran {
			if job.answered {
				continue // a lazy job
			}
			if job.err == nil && job.panicked == nil {
				job.err = batchErr
			}
			job.answer()
		}
		if c.after != nil {
			c.after(tx)
		}
	}
	window := lazyWindow{}
	defer window.stop()
	for job := first; job != nil; job = c.next(ran, &window) {
		ran = append(ran, job)
		if err := job.ctx.Err(); err != nil {
			job.err = err
			job.answer()
			continue
		}
		run := runInSavepoint[B]
		if job.Statement {
			run = runStatement[B]
		}
		err := run(tx, job)
		if job.Lazy {
			job.answer()
		}
		if err != nil {
			// The transaction itself is gone (SQLite rolls back on some
			// errors): nothing of this batch is written.
			tx.Rollback()
			finish(fmt.Errorf("sqlstore: batched transaction aborted: %w", err))
			return
		}
	}
	finish(tx.Commit())
}

// next returns the job to run next in batch, or nil to commit it: a
// queued job if the batch has room. While every caller of the batch has
// its answer (lazy jobs), it waits for one until the batch's lazy window
// closes, so that lazy writes arriving one by one share a commit instead
// of each waiting behind the flush of the one before.
func (c *GroupCommit[B]) next(batch []*commitJob[B], window *lazyWindow) *commitJob[B] {
	if len(batch) >= MaxBatch {
		return nil
	}
	select {
	case job := <-c.jobs:
		return job
	default:
	}
	if window == nil {
		return nil
	}
	for _, job := range batch {
		if !job.answered {
			return nil
		}
	}
	select {
	case job := <-c.jobs:
		return job
	case <-window.closes(c.LazyDelay):
	case <-c.closing:
	}
	return nil
}

// LazyCommitDelay bounds how long a batch of lazy writes stays open: the
// writes a crash can lose are those of the last few milliseconds.
const LazyCommitDelay = 10 * time.Millisecond

// lazyWindow is a batch's lazy window, started when first waited on.
type lazyWindow struct{ timer *time.Timer }

func (w *lazyWindow) closes(after time.Duration) <-chan time.Time {
	if w.timer == nil {
		w.timer = time.NewTimer(after)
	}
	return w.timer.C
}

func (w *lazyWindow) stop() {
	if w.timer != nil {
		w.timer.Stop()
	}
}

// runStatement runs job.fn, one statement, without a savepoint: a
// statement that fails is undone by SQLite, the transaction going on,
// except after the errors that may roll the whole transaction back
// (https://sqlite.org/lang_transaction.html, "Response To Errors Within A
// Transaction"), returned as its loss, as is a panic, which may have come
// after the statement wrote. job.err and job.panicked record fn's outcome.
func runStatement[B Batch](tx B, job *commitJob[B]) error {
	func() {
		defer func() { job.panicked = recover() }()
		job.err = job.fn(tx)
	}()
	switch {
	case job.panicked != nil:
		return fmt.Errorf("a write panicked: %v", job.panicked)
	case MayRollBackTx(job.err):
		return job.err
	}
	return nil
}

// runInSavepoint runs job.fn in a savepoint, rolled back when fn fails or
// panics; job.err and job.panicked record fn's outcome. It returns an
// error only when the savepoint cannot be released or rolled back, which
// means the enclosing transaction is lost.
func runInSavepoint[B Batch](tx B, job *commitJob[B]) error {
	ctx := context.Background()
	if err := tx.Exec(ctx, "SAVEPOINT job"); err != nil {
		job.err = err
		return err
	}
	func() {
		defer func() { job.panicked = recover() }()
		job.err = job.fn(tx)
	}()
	if job.err != nil || job.panicked != nil {
		if err := tx.Exec(ctx, "ROLLBACK TO job"); err != nil {
			return err
		}
	}
	return tx.Exec(ctx, "RELEASE job")
}

// MayRollBackTx tells whether SQLite may have rolled back the whole
// transaction on err, rather than the failed statement alone.
func MayRollBackTx(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary code
	case sqlite3.SQLITE_FULL, sqlite3.SQLITE_IOERR, sqlite3.SQLITE_BUSY, sqlite3.SQLITE_NOMEM,
		sqlite3.SQLITE_INTERRUPT, sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB:
		return true
	}
	return false
}
