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

	"github.com/wolfden/wolfden/metrics"
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
	// Metrics is told of every run of every task (a *metrics.Metrics);
	// nil: nothing is.
	Metrics Observer
}

// Observer is told of each run of a task (metrics.TaskDeletions, …): how
// many items it processed and how many failures it met.
type Observer interface {
	WorkerRun(task string, items, errors int)
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
	metrics        Observer // nil: off
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
		metrics:        cfg.Metrics,
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
			completed, err := w.completeDeletion(ctx, ref)
			w.ran(metrics.TaskDeletions, count(completed), failures(ctx, err))
		case <-sweep.C:
			w.completePendingDeletions(ctx)
			w.removeInactiveDevices(ctx)
		case <-purge.C:
			w.purgeTokenIDs(ctx)
		}
	}
}

// ran tells the metrics of a run of task.
func (w *Worker) ran(task string, items, errors int) {
	if w.metrics != nil {
		w.metrics.WorkerRun(task, items, errors)
	}
}

// count is 1 for true.
func count(b bool) int {
	if b {
		return 1
	}
	return 0
}

// failures is 1 for an error but the one of ctx ending, which is no
// failure: the server is stopping.
func failures(ctx context.Context, err error) int { return count(err != nil && ctx.Err() == nil) }

// purgeTokenIDs forgets the auth-token ids that expired.
func (w *Worker) purgeTokenIDs(ctx context.Context) {
	n, err := w.store.PurgeTokenIDs(ctx, w.now())
	if err != nil && ctx.Err() == nil {
		w.log.Warn("purge used token ids", "error", err)
	}
	w.ran(metrics.TaskTokenIDs, int(n), failures(ctx, err))
}

// removeInactiveDevices deletes the devices lifecycle management's removal
// is due for, in every tenant that has it on.
func (w *Worker) removeInactiveDevices(ctx context.Context) {
	removed, errors := 0, 0
	defer func() { w.ran(metrics.TaskInactiveDevices, removed, errors) }()
	tenants, err := w.store.TenantsRemovingInactiveDevices(ctx)
	if err != nil {
		w.log.Error("list tenants removing inactive devices", "error", err)
		errors = failures(ctx, err)
		return
	}
	for _, id := range tenants {
		n, err := w.store.ForTenant(id).RemoveInactiveDevices(ctx, w.now())
		removed += int(n)
		switch {
		case err != nil && ctx.Err() == nil:
			w.log.Error("remove inactive devices", "tenant_id", id, "error", err)
			errors++
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
