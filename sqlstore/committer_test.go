package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
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

// batchOf holds the committer in a first job until jobs are queued behind
// it, so that they all run in its batch, calling queued when they are; it
// returns each job's outcome and the transactions the jobs ran in.
func batchOf(t *testing.T, s *Store, jobs []func(context.Context, runner) error, ctxs []context.Context,
	queued func()) ([]error, map[*sql.Tx]bool) {
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
	// Jobs are queued one at a time, so that they run in their order.
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if p := recover(); p != nil {
					errs[i] = fmt.Errorf("panic: %v", p)
				}
			}()
			ctx := context.Background()
			if ctxs != nil && ctxs[i] != nil {
				ctx = ctxs[i]
			}
			errs[i] = s.inTx(ctx, func(tx runner) error {
				record(tx)
				return job(ctx, tx)
			})
		}()
		for deadline := time.Now().Add(10 * time.Second); len(s.commits.jobs) <= i; time.Sleep(100 * time.Microsecond) {
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
	var jobs []func(context.Context, runner) error
	var want []string
	for i := range 40 {
		k := fmt.Sprintf("k%02d", i)
		want = append(want, k)
		jobs = append(jobs, func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, k) })
	}
	errs, txs := batchOf(t, s, jobs, nil, nil)
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	if len(txs) != 1 {
		t.Errorf("41 queued transactions ran in %d database transactions, want 1", len(txs))
	}
	want = append(want, "first")
	sort.Strings(want)
	if got := committedKeys(t, s); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("committed %v, want %v", got, want)
	}
}

// A transaction that fails or panics leaves no trace; the others in its
// batch commit.
func TestGroupCommitIsolatesFailures(t *testing.T) {
	s := openCommitStore(t)
	refused := errors.New("refused")
	leaving, leave := context.WithCancel(context.Background())
	tests := []struct {
		name    string
		job     func(context.Context, runner) error
		ctx     context.Context
		wantErr string
		kept    string
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
		{name: "ok after", job: func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "f") }, kept: "f"},
	}
	jobs := make([]func(context.Context, runner) error, len(tests))
	ctxs := make([]context.Context, len(tests))
	for i, tc := range tests {
		jobs[i], ctxs[i] = tc.job, tc.ctx
	}
	errs, _ := batchOf(t, s, jobs, ctxs, leave)
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
	want = append(want, "first")
	sort.Strings(want)
	if got := committedKeys(t, s); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("committed %v, want %v", got, want)
	}
}

// A transaction that ends the database transaction under the batch takes
// the batch down with it: every caller hears of it and nothing is written.
func TestGroupCommitLostTransactionFailsTheBatch(t *testing.T) {
	s := openCommitStore(t)
	jobs := []func(context.Context, runner) error{
		func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "a") },
		func(ctx context.Context, tx runner) error {
			_, err := tx.tx.ExecContext(ctx, "ROLLBACK")
			return err
		},
		func(ctx context.Context, tx runner) error { return insertKey(ctx, tx, "b") },
	}
	errs, _ := batchOf(t, s, jobs, nil, nil)
	for i, err := range errs[:2] {
		if err == nil {
			t.Errorf("job %d: nil error, though its batch was lost", i)
		}
	}
	if got := committedKeys(t, s); len(got) != 1 || got[0] != "b" {
		t.Errorf("committed %v, want only b (the next batch)", got)
	}
}

func TestGroupCommitClose(t *testing.T) {
	s, err := Open(context.Background(), filepath.Join(t.TempDir(), "close.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.execWrite(context.Background(), `CREATE TABLE scratch (k TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	s.commits.close()
	if err := s.inTx(context.Background(), func(tx runner) error { return nil }); !errors.Is(err, errClosed) {
		t.Errorf("inTx after close: %v, want %v", err, errClosed)
	}
	s.commits = nil
	s.Close()
}
