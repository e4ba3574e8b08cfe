package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// committer is SQLite's group commit. SQLite has one writer and fsyncs
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
type committer struct {
	s       *Store
	jobs    chan *commitJob
	closing chan struct{}
	stopped sync.WaitGroup

	mu     sync.RWMutex // held to read closed and send a job; written by close
	closed bool

	lazyDelay time.Duration // lazyCommitDelay, but in tests
}

// maxBatch bounds how many transactions share a commit, so that callers
// hear back even under a constant stream of writes.
const maxBatch = 256

// errClosed answers writes submitted after the store closed.
var errClosed = errors.New("sqlstore: store is closed")

type commitJob struct {
	ctx context.Context
	fn  func(runner) error
	jobOptions
	err      error
	panicked any // what fn panicked with, re-raised in the caller
	done     chan struct{}
	answered bool // done is closed
}

// jobOptions say how the committer runs a job.
type jobOptions struct {
	// lazy: the caller is answered once fn has run, before the commit (see
	// execLazy); whatever follows, the caller has its answer.
	lazy bool
	// statement: fn runs one statement, which needs no savepoint: SQLite
	// undoes a failed statement by itself (see runStatement).
	statement bool
}

// answer gives the caller its outcome, once.
func (job *commitJob) answer() {
	if !job.answered {
		job.answered = true
		close(job.done)
	}
}

func newCommitter(s *Store) *committer {
	c := &committer{s: s, jobs: make(chan *commitJob, maxBatch), closing: make(chan struct{}), lazyDelay: lazyCommitDelay}
	c.stopped.Add(1)
	go c.loop()
	return c
}

// run submits fn and waits for the commit that carries it. Once fn is
// queued the caller waits for its outcome even when ctx ends, so that an
// error never hides a write that went through.
func (c *committer) run(ctx context.Context, fn func(runner) error, opts jobOptions) error {
	job := &commitJob{ctx: ctx, fn: fn, jobOptions: opts, done: make(chan struct{})}
	if err := c.submit(job); err != nil {
		return err
	}
	<-job.done
	if job.panicked != nil {
		panic(job.panicked)
	}
	return job.err
}

func (c *committer) submit(job *commitJob) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if c.closed {
		return errClosed
	}
	select {
	case c.jobs <- job:
		return nil
	case <-job.ctx.Done():
		return job.ctx.Err()
	}
}

// close refuses new jobs, commits the ones queued and stops the
// committer.
func (c *committer) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
	close(c.closing)
	c.stopped.Wait()
}

func (c *committer) loop() {
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
// runs, up to maxBatch, and commits them.
func (c *committer) commitBatch(first *commitJob) {
	var (
		ran    []*commitJob
		missed []string
	)
	finish := func(batchErr error) {
		for _, job := range ran {
			if job.answered {
				continue // a lazy job
			}
			if job.err == nil && job.panicked == nil {
				job.err = batchErr
			}
			job.answer()
		}
		c.s.prepare(c.s.write, missed)
	}
	// The batch is not any one caller's: its statements run on the
	// background context, and a caller leaving cancels only its own part.
	tx, err := c.s.write.BeginTx(context.Background(), nil)
	if err != nil {
		first.err = err
		first.answer()
		return
	}
	r := runner{s: c.s, db: c.s.write, tx: tx, missed: &missed, detached: true}
	window := lazyWindow{}
	defer window.stop()
	for job := first; job != nil; job = c.next(ran, &window) {
		ran = append(ran, job)
		if err := job.ctx.Err(); err != nil {
			job.err = err
			job.answer()
			continue
		}
		run := runInSavepoint
		if job.statement {
			run = runStatement
		}
		err := run(r, job)
		if job.lazy {
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
func (c *committer) next(batch []*commitJob, window *lazyWindow) *commitJob {
	if len(batch) >= maxBatch {
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
	case <-window.closes(c.lazyDelay):
	case <-c.closing:
	}
	return nil
}

// lazyCommitDelay bounds how long a batch of lazy writes stays open: the
// writes a crash can lose are those of the last few milliseconds.
const lazyCommitDelay = 10 * time.Millisecond

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
func runStatement(r runner, job *commitJob) error {
	func() {
		defer func() { job.panicked = recover() }()
		job.err = job.fn(r)
	}()
	switch {
	case job.panicked != nil:
		return fmt.Errorf("a write panicked: %v", job.panicked)
	case mayRollBackTx(job.err):
		return job.err
	}
	return nil
}

// runInSavepoint runs job.fn in a savepoint, rolled back when fn fails or
// panics; job.err and job.panicked record fn's outcome. It returns an
// error only when the savepoint cannot be released or rolled back, which
// means the enclosing transaction is lost.
func runInSavepoint(r runner, job *commitJob) error {
	ctx := context.Background()
	if _, err := r.exec(ctx, "SAVEPOINT job"); err != nil {
		job.err = err
		return err
	}
	func() {
		defer func() { job.panicked = recover() }()
		job.err = job.fn(r)
	}()
	if job.err != nil || job.panicked != nil {
		if _, err := r.exec(ctx, "ROLLBACK TO job"); err != nil {
			return err
		}
	}
	_, err := r.exec(ctx, "RELEASE job")
	return err
}
