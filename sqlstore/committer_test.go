package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// openCommitStore opens a SQLite store with a scratch table for writes.
func openCommitStore(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "commit.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if s.commits == nil {
		t.Fatal("SQLite store without group commit")
	}
	if _, err := s.write.Exec(`CREATE TABLE scratch (k TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return s
}

func insertKey(ctx context.Context, tx runner, k string) error {
	_, err := tx.exec(ctx, `INSERT INTO scratch (k) VALUES ($1)`, k)
	return err
}

// committedKeys reads the scratch table through the read pool: what is
// there has been committed.
func committedKeys(t *testing.T, s *Store) []string {
	t.Helper()
	rows, err := s.read.Query(`SELECT k FROM scratch ORDER BY k`)
	keys, err := scanAll(rows, err, func(r row) (*string, error) {
		var k string
		return &k, r.Scan(&k)
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// queuedJob is a transaction for batchOf: fn, run on ctx (background when
// nil), lazily or not, as one statement or not.
type queuedJob struct {
	fn        func(context.Context, runner) error
	ctx       context.Context
	lazy      bool
	statement bool
	answered  chan struct{} // closed, if set, once the caller has its answer
}

func jobsOf(fns ...func(context.Context, runner) error) []queuedJob {
	jobs := make([]queuedJob, len(fns))
	for i, fn := range fns {
		jobs[i].fn = fn
	}
	return jobs
}

// wantCommitted checks that the scratch table holds exactly keys.
func wantCommitted(t *testing.T, s *Store, keys ...string) {
	t.Helper()
	want := slices.Sorted(slices.Values(keys))
	if got := committedKeys(t, s); !slices.Equal(got, want) {
		t.Errorf("committed %v, want %v", got, want)
	}
}

// batchOf holds the committer in a first job until jobs are queued behind
// it, in order, so that they all run in its batch, calling queued when they
// are; it returns each job's outcome and the transactions the jobs ran in.
func batchOf(t *testing.T, s *Store, jobs []queuedJob, queued func()) ([]error, map[*sql.Tx]bool) {
	t.Helper()
	var (
		mu   sync.Mutex
		txs  = map[*sql.Tx]bool{}
		errs = make([]error, len(jobs))
		wg   sync.WaitGroup
	)
	record := func(tx runner) {
		mu.Lock()
		txs[tx.tx] = true
		mu.Unlock()
	}
	started, release := make(chan struct{}), make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.inTx(context.Background(), func(tx runner) error {
			record(tx)
			close(started)
			<-release
			return insertKey(context.Background(), tx, "first")
		})
	}()
	<-started
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("panic: %v", p)
				}
			}()
			ctx := job.ctx
			if ctx == nil {
				ctx = context.Background()
			}
			errs[i] = s.commits.Run(ctx, func(tx runner) error {
				record(tx)
				return job.fn(ctx, tx)
			}, jobOptions{Lazy: job.lazy, Statement: job.statement})
			if job.answered != nil {
				close(job.answered)
			}
		}()
		for deadline := time.Now().Add(10 * time.Second); s.commits.Queued() <= i; time.Sleep(100 * time.Microsecond) {
			if time.Now().After(deadline) {
				t.Fatalf("job %d not queued", i)
			}
		}
	}
	if queued != nil {
		queued()
	}
	close(release)
	wg.Wait()
	return errs, txs
}

func TestGroupCommitSharesOneCommit(t *testing.T) {
	s := openCommitStore(t)
	var jobs []queuedJob
	var want []string
	for i := range 40 {
		k := fmt.Sprintf("k%02d", i)
		want = append(want, k)
		jobs = append(jobs, queuedJob{fn: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, k) }})
	}
	errs, txs := batchOf(t, s, jobs, nil)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if len(txs) != 1 {
		t.Errorf("41 queued transactions ran in %d database transactions, want 1", len(txs))
	}
	wantCommitted(t, s, append(want, "first")...)
}

// ObserveGroupCommits hears the size of every batch: here one of the 41
// transactions batchOf holds together, then one alone.
func TestGroupCommitObserved(t *testing.T) {
	s := openCommitStore(t)
	var (
		mu    sync.Mutex
		sizes []int
	)
	s.ObserveGroupCommits(func(jobs int) {
		mu.Lock()
		sizes = append(sizes, jobs)
		mu.Unlock()
	})
	var jobs []queuedJob
	for i := range 40 {
		jobs = append(jobs, queuedJob{fn: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, fmt.Sprintf("k%02d", i)) }})
	}
	if _, txs := batchOf(t, s, jobs, nil); len(txs) != 1 {
		t.Fatalf("the jobs ran in %d database transactions, want 1", len(txs))
	}
	if err := s.inTx(context.Background(), func(tx runner) error { return insertKey(context.Background(), tx, "alone") }); err != nil {
		t.Fatal(err)
	}
	s.ObserveGroupCommits(nil)
	if err := s.inTx(context.Background(), func(tx runner) error { return insertKey(context.Background(), tx, "unheard") }); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(sizes, []int{41, 1}) {
		t.Errorf("observed batches of %v jobs, want [41 1]", sizes)
	}
}

// A transaction that fails or panics leaves no trace; the others in its
// batch commit.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := openCommitStore(t)
	refused := errors.New("refused")
	leaving, leave := context.WithCancel(context.Background())
	gone, goes := context.WithCancel(context.Background())
	tests := []struct {
		name      string
		job       func(context.Context, runner) error
		ctx       context.Context
		statement bool
		wantErr   string
		kept      string
	}{
		{name: "ok before", job: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "a") }, kept: "a"},
		{name: "error after a write", wantErr: "refused", job: func(ctx context.Context, tx runner) error {
			if err := insertKey(ctx, tx, "b"); err != nil {
				return err
			}
			return refused
		}},
		{name: "constraint violation", wantErr: "UNIQUE", job: func(ctx context.Context, tx runner) error {
			if err := insertKey(ctx, tx, "c"); err != nil {
				return err
			}
			return insertKey(ctx, tx, "a")
		}},
		{name: "panic after a write", wantErr: "panic: boom", job: func(ctx context.Context, tx runner) error {
			insertKey(ctx, tx, "d")
			panic("boom")
		}},
		{name: "caller left while queued", ctx: leaving, wantErr: "canceled", job: func(ctx context.Context, tx runner) error {
			return insertKey(context.Background(), tx, "e")
		}},
		{name: "statement breaking a constraint", statement: true, wantErr: "UNIQUE", job: func(ctx context.Context, tx runner) error {
			return insertKey(ctx, tx, "a")
		}},
		{name: "caller left while it ran", ctx: gone, kept: "g", job: func(ctx context.Context, tx runner) error {
			goes() // its statements go on: interrupting a write would roll the batch back
			return insertKey(ctx, tx, "g")
		}},
		{name: "statement", statement: true, job: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "h") }, kept: "h"},
		{name: "ok after", job: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "f") }, kept: "f"},
	}
	jobs := make([]queuedJob, len(tests))
	for i, tc := range tests {
		jobs[i] = queuedJob{fn: tc.job, ctx: tc.ctx, statement: tc.statement}
	}
	errs, _ := batchOf(t, s, jobs, leave)
	var want []string
	for i, tc := range tests {
		switch {
		case tc.wantErr == "" && errs[i] != nil:
			t.Errorf("%s: %v", tc.name, errs[i])
		case tc.wantErr != "" && (errs[i] == nil || !strings.Contains(errs[i].Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one containing %q", tc.name, errs[i], tc.wantErr)
		}
		if tc.kept != "" {
			want = append(want, tc.kept)
		}
	}
	wantCommitted(t, s, append(want, "first")...)
}

// A transaction that ends the database transaction under the batch takes
// the batch down with it: every caller hears of it and nothing is written.
func TestGroupCommitLostTransactionFailsTheBatch(t *testing.T) {
	s := openCommitStore(t)
	jobs := jobsOf(
		func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "a") },
		func(ctx context.Context, tx runner) error {
			_, err := tx.tx.ExecContext(ctx, "ROLLBACK")
			return err
		},
		func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "b") },
	)
	errs, _ := batchOf(t, s, jobs, nil)
	for i, err := range errs[:2] {
		if err == nil {
			t.Errorf("job %d: nil error, though its batch was lost", i)
		}
	}
	wantCommitted(t, s, "b") // the next batch
}

// A statement run without a savepoint that panics may have written: it
// takes its batch down, the other callers hearing of it.
func TestGroupCommitPanickingStatementFailsTheBatch(t *testing.T) {
	s := openCommitStore(t)
	jobs := []queuedJob{
		{fn: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "a") }},
		{statement: true, fn: func(ctx context.Context, tx runner) error {
			insertKey(ctx, tx, "x")
			panic("boom")
		}},
		{fn: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "b") }},
	}
	errs, _ := batchOf(t, s, jobs, nil)
	if errs[0] == nil {
		t.Error("job 0: nil error, though its batch was lost")
	}
	if errs[1] == nil || !strings.Contains(errs[1].Error(), "panic: boom") {
		t.Errorf("job 1: %v, want its panic", errs[1])
	}
	wantCommitted(t, s, "b") // the next batch
}

func TestGroupCommitClose(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "close.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.execWrite(context.Background(), `CREATE TABLE scratch (k TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	s.commits.Close()
	if err := s.inTx(context.Background(), func(tx runner) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("inTx after close: %v, want %v", err, errClosed)
	}
	s.commits = nil
	s.Close()
}

// A lazy write is answered as soon as it has run, while its batch is still
// open, and commits with the batch.
func TestGroupCommitLazyWrite(t *testing.T) {
	s := openCommitStore(t)
	answered := make(chan struct{})
	jobs := []queuedJob{
		{lazy: true, answered: answered, fn: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "lazy") }},
		// Runs next, in the same batch, which cannot commit before this
		// returns: the lazy write's caller must have its answer by then.
		{fn: func(ctx context.Context, tx runner) error {
			select {
			case <-answered:
				return insertKey(ctx, tx, "next")
			case <-time.After(10 * time.Second):
				return errors.New("the lazy write waited for its commit")
			}
		}},
	}
	errs, txs := batchOf(t, s, jobs, nil)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if len(txs) != 1 {
		t.Errorf("the batch ran in %d transactions, want 1", len(txs))
	}
	wantCommitted(t, s, "first", "lazy", "next")
}

// Lazy writes arriving one by one, each answered before the next is sent,
// share the batch's commit while its lazy window is open; a durable write
// closes the batch.
func TestGroupCommitLazyWindow(t *testing.T) {
	s := openCommitStore(t)
	s.commits.LazyDelay = time.Hour
	txs := map[*sql.Tx]bool{}
	write := func(lazy bool, k string) {
		t.Helper()
		err := s.commits.Run(context.Background(), func(tx runner) error {
			txs[tx.tx] = true
			return insertKey(context.Background(), tx, k)
		}, jobOptions{Lazy: lazy})
		if err != nil {
			t.Fatal(err)
		}
	}
	write(true, "a")
	write(true, "b")
	write(false, "c")
	write(false, "d")
	if len(txs) != 2 {
		t.Errorf("the writes ran in %d transactions, want 2: a, b and c in one, d in another", len(txs))
	}
	wantCommitted(t, s, "a", "b", "c", "d")
}
