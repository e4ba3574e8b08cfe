package worker_test

import (
	"context"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
	"github.com/wolfden/wolfden/worker"
)

// TestPurgesTokenIDs: Run forgets the auth-token ids that expired, so an
// id whose token expired can be spent again even by a clock that has not
// reached the expiry. (Deletions and device removal are covered through
// the API in package api.)
func TestPurgesTokenIDs(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		ctx := context.Background()
		s := b.Open(t)
		t0 := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		tn, app, err := wolfden.NewTenant("Acme", t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		ts := s.ForTenant(tn.ID)
		exp := t0.Add(30 * time.Minute)
		if err := ts.UseTokenID(ctx, app.ID, "jti", t0, exp); err != nil {
			t.Fatal(err)
		}
		if wolfden.CodeOf(ts.UseTokenID(ctx, app.ID, "jti", t0, exp)) != wolfden.EConflict {
			t.Fatal("a spent id was accepted again before any purge")
		}

		w := worker.New(worker.Config{Store: s, Now: func() time.Time { return exp.Add(time.Hour) }, TokenPurgeInterval: time.Millisecond})
		runCtx, stop := context.WithCancel(ctx)
		defer stop()
		go w.Run(runCtx)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			err := ts.UseTokenID(ctx, app.ID, "jti", t0, exp)
			if err == nil {
				return // purged
			}
			if wolfden.CodeOf(err) != wolfden.EConflict {
				t.Fatal(err)
			}
			if time.Now().After(deadline) {
				t.Fatal("the expired token id was not purged")
			}
		}
	})
}
