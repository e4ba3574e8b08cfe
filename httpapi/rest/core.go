// Package rest is what every surface of the HTTP API shares: Core (the
// storage, clock, log and limits the handlers use), the adapters that turn
// a handler into a route (Op for a tenant's token and scopes, Linked for a
// signed link), the status-code contract (WriteError, the one place an
// error becomes a status and a body), JSON decoding with precise 400s,
// paging, time formats, signed links, rate limits and the throttle on
// failed authentications.
package rest

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/store"
)

// Deletions completes the device deletions the API accepts.
type Deletions interface {
	// Enqueue hands over an accepted request without blocking; a request
	// it cannot take is found in storage later.
	Enqueue(store.DeletionRef)
}

// Core is what every surface's handlers share: storage, the clock, the
// log, the limits, and the adapters that turn a handler into a route.
type Core struct {
	Store    store.Store
	Auth     *auth.Service
	Log      *slog.Logger
	Limiter  *AccountLimiter
	Throttle *AuthThrottle
	MaxBody  int64
	Now      func() time.Time // Clock.Now
	Clock    *agentsim.Clock
	Agents   agentsim.Schedule
	Admin    string
	Public   string // PublicURL without a final slash

	Uploads   chan struct{} // a semaphore of MaxConcurrentUploads
	Deletions Deletions
	Faults    *faults.Set      // nil: no fault rules
	Journal   *journal.Journal // nil: off
	Metrics   *metrics.Metrics // nil: off
}

// DefaultMaxBodyBytes bounds request bodies unless configured otherwise:
// far above any document of the API (a full policy is ~20 KB).
const DefaultMaxBodyBytes = 1 << 20

// MaxConcurrentUploads bounds the package uploads read at once, each of
// up to agentsim.MaxPackageSize in memory; one more is answered 429.
const MaxConcurrentUploads = 4

// PackageUploadPrefix starts the path of every signed package upload link.
const PackageUploadPrefix = "/packageuploads/"

// BodyLimit bounds a request's body: a package file, or a tenant dump
// being imported, may be larger than any document of the API.
func (s *Core) BodyLimit(r *http.Request) int64 {
	switch {
	case r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, PackageUploadPrefix):
		return max(s.MaxBody, agentsim.MaxPackageSize)
	case r.Method == http.MethodPost && r.URL.Path == TenantImportPath:
		return max(s.MaxBody, MaxTenantDump)
	}
	return s.MaxBody
}

// TenantImportPath is where the control plane takes a tenant dump, and
// MaxTenantDump the largest it takes: a tenant of some tens of thousands
// of devices.
const (
	TenantImportPath = "/control/v1/tenants/import"
	MaxTenantDump    = 64 << 20
)
