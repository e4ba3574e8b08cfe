// Package worker does wolfden's background work, in one place: it
// completes accepted device deletions and sends their callbacks, removes
// the devices lifecycle management says are due, and forgets expired
// auth-token ids. The API hands it deletions through Enqueue; everything
// else it finds in storage, so that work a restart interrupted is picked
// up on the next sweep.
package worker

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/store"
)

// Config is what a Worker needs.
type Config struct {
	Store  Store
	Logger *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// SweepInterval is how often Run finishes deletions left pending and
	// removes inactive devices (default 30 s).
	SweepInterval time.Duration
	// TokenPurgeInterval is how often Run forgets expired auth-token ids
	// (default one minute).
	TokenPurgeInterval time.Duration
	// CallbackAllowlist says where device-deletion callbacks may be sent;
	// a callback it refuses is logged, not sent.
	CallbackAllowlist CallbackAllowlist
	// CallbackResolver resolves callback hosts (default net.DefaultResolver).
	CallbackResolver *net.Resolver
}

// Worker does the background work; Run runs it.
type Worker struct {
	store          Store
	log            *slog.Logger
	now            func() time.Time
	sweepInterval  time.Duration
	purgeInterval  time.Duration
	deletions      chan store.DeletionRef // accepted requests, for Run
	callbacks      CallbackAllowlist
	callbackClient *http.Client
}

// New returns a Worker; it does nothing until Run.
func New(cfg Config) *Worker {
	w := &Worker{
		store:          cfg.Store,
		log:            cfg.Logger,
		now:            cfg.Now,
		sweepInterval:  cfg.SweepInterval,
		purgeInterval:  cfg.TokenPurgeInterval,
		deletions:      make(chan store.DeletionRef, 256),
		callbacks:      cfg.CallbackAllowlist,
		callbackClient: newCallbackClient(cfg.CallbackAllowlist, cfg.CallbackResolver),
	}
	if w.log == nil {
		w.log = slog.New(slog.DiscardHandler)
	}
	if w.now == nil {
		w.now = time.Now
	}
	if w.sweepInterval <= 0 {
		w.sweepInterval = 30 * time.Second
	}
	if w.purgeInterval <= 0 {
		w.purgeInterval = time.Minute
	}
	return w
}

// Enqueue hands Run a deletion request the API accepted. It never blocks:
// with the queue full, Run's next sweep finds the request in storage.
func (w *Worker) Enqueue(ref store.DeletionRef) {
	select {
	case w.deletions <- ref:
	default:
	}
}

// Run does the background work until ctx ends: it completes device
// deletions, those accepted from now on and every one a previous run left
// pending (by a full queue or a restart); every sweep interval it removes
// the devices lifecycle management says are due; every purge interval it
// forgets expired auth-token ids.
func (w *Worker) Run(ctx context.Context) {
	sweep := time.NewTicker(w.sweepInterval)
	defer sweep.Stop()
	purge := time.NewTicker(w.purgeInterval)
	defer purge.Stop()
	w.completePendingDeletions(ctx)
	w.removeInactiveDevices(ctx)
	for {
		select {
		case <-ctx.Done():
			return
		case ref := <-w.deletions:
			w.completeDeletion(ctx, ref)
		case <-sweep.C:
			w.completePendingDeletions(ctx)
			w.removeInactiveDevices(ctx)
		case <-purge.C:
			w.purgeTokenIDs(ctx)
		}
	}
}

// purgeTokenIDs forgets the auth-token ids that expired.
func (w *Worker) purgeTokenIDs(ctx context.Context) {
	if _, err := w.store.PurgeTokenIDs(ctx, w.now()); err != nil && ctx.Err() == nil {
		w.log.Warn("purge used token ids", "error", err)
	}
}

// removeInactiveDevices deletes the devices lifecycle management's removal
// is due for, in every tenant that has it on.
func (w *Worker) removeInactiveDevices(ctx context.Context) {
	tenants, err := w.store.TenantsRemovingInactiveDevices(ctx)
	if err != nil {
		w.log.Error("list tenants removing inactive devices", "error", err)
		return
	}
	for _, id := range tenants {
		n, err := w.store.ForTenant(id).RemoveInactiveDevices(ctx, w.now())
		switch {
		case err != nil && ctx.Err() == nil:
			w.log.Error("remove inactive devices", "tenant_id", id, "error", err)
		case n > 0:
			w.log.Info("removed inactive devices", "tenant_id", id, "devices", n)
		}
	}
}

// Store is the storage the worker uses: what is pending across tenants,
// and, through ForTenant, a tenant's deletions and devices. A store.Store
// is one.
type Store interface {
	PendingDeviceDeletions(ctx context.Context) ([]store.DeletionRef, error)
	TenantsRemovingInactiveDevices(ctx context.Context) ([]uuid.UUID, error)
	PurgeTokenIDs(ctx context.Context, t time.Time) (int64, error)
	ForTenant(id uuid.UUID) store.TenantStore
}
