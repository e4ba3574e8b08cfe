// Package httpapi serves the Aurora Endpoint Defense (Cylance User API v2)
// HTTP API on a store.Store. routes.go is the route table: every route on
// one line, naming its handler, which lives in the package of its surface
// (protectapi, opticsapi, partnerapi, controlapi), and what it needs
// (a scope, a partner, a signed link, the admin token). Package rest holds
// what the surfaces share, the status-code contract among it.
package httpapi

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/store"
)

// Config is what a Server needs.
type Config struct {
	Store  store.Store
	Auth   *auth.Service
	Logger *slog.Logger
	// RateLimit is requests per second per tenant and per partner; 0 means
	// unlimited.
	RateLimit float64
	// AuthFailureRate is how many failed authentications a second a client
	// address may make once it has made AuthFailureBurst (default
	// DefaultAuthFailureBurst); past that its credentials are refused with
	// 429 before they are checked. 0 turns the throttle off.
	AuthFailureRate  float64
	AuthFailureBurst int
	// MaxBodyBytes bounds request bodies (default 1 MiB).
	MaxBodyBytes int64
	// Now is the clock (default time.Now).
	Now func() time.Time
	// PublicURL is where clients reach the server (scheme://host[:port],
	// and a path prefix a proxy strips, if any): the links the API hands
	// out are built from it, never from a request's Host header. Empty,
	// links are the path and query alone.
	PublicURL string
	// AdminToken guards the control plane (/control/v1); empty turns it off.
	AdminToken string
	// Deletions takes the device deletions the API accepts, to complete
	// them in the background (a *worker.Worker); required.
	Deletions rest.Deletions
	// Journal keeps the last requests answered, but for the control
	// plane's (docs/control-plane.md#request-journal); nil turns it off.
	Journal *journal.Journal
	// Agents is how quickly the simulated agents carry out OPTICS commands
	// (nil: agentsim.DefaultSchedule; a zero Schedule makes them instant).
	Agents *agentsim.Schedule
	// Clock is the agents' clock, which the control plane advances
	// (/control/v1/clock); nil: a clock running with Now. When set, Now is
	// not used.
	Clock *agentsim.Clock
	// Faults are the fault and latency rules the control plane sets
	// (/control/v1/faults); nil: no rules, and no such routes.
	Faults *faults.Set
	// Metrics counts requests, rate limits, token exchanges and internal
	// errors, and its registry is served at GET /metrics, without a token
	// (docs/metrics.md); nil turns metrics off, and /metrics is unknown.
	Metrics *metrics.Metrics
}

// Server is the API as an http.Handler: the shared core every surface's
// handlers use, behind the route table.
type Server struct {
	*rest.Core
	handler  http.Handler
	contract *contract
}

// New returns the API server.
func New(cfg Config) *Server {
	s := &Server{Core: &rest.Core{
		Store:    cfg.Store,
		Auth:     cfg.Auth,
		Log:      cfg.Logger,
		Limiter:  rest.NewAccountLimiter(cfg.RateLimit),
		Throttle: rest.NewAuthThrottle(cfg.AuthFailureRate, cfg.AuthFailureBurst),
		MaxBody:  cfg.MaxBodyBytes,
		Agents:   agentsim.DefaultSchedule,
		Admin:    cfg.AdminToken,
		Public:   strings.TrimSuffix(cfg.PublicURL, "/"),

		Uploads:   make(chan struct{}, rest.MaxConcurrentUploads),
		Deletions: cfg.Deletions,
		Faults:    cfg.Faults,
		Journal:   cfg.Journal,
		Metrics:   cfg.Metrics,
	}}
	if s.Log == nil {
		s.Log = slog.New(slog.DiscardHandler)
	}
	if s.MaxBody <= 0 {
		s.MaxBody = rest.DefaultMaxBodyBytes
	}
	if cfg.Agents != nil {
		s.Agents = *cfg.Agents
	}
	s.Clock = cfg.Clock
	if s.Clock == nil {
		s.Clock = agentsim.NewClock(cfg.Now)
	}
	s.Now = s.Clock.Now
	s.contract = newContract(s.Public)
	s.handler = s.journaled(s.observe(rest.CanonicalURL(s.CheckURLText(s.injectFaults(s.routes())))))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// notFound answers a path no route matches. Under /control/ it says when
// the control plane is off, which is why an operator's call finds nothing.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	if s.Admin == "" && (r.URL.Path == "/control" || strings.HasPrefix(r.URL.Path, "/control/")) {
		s.WriteError(w, r, wolfden.Errorf(wolfden.ENotFound,
			"no resource at %q: the control plane is off; serve with WOLFDEN_ADMIN_TOKEN set to turn it on", r.URL.Path))
		return
	}
	s.WriteError(w, r, wolfden.Errorf(wolfden.ENotFound, "no resource at %q", r.URL.Path))
}

// methodNotAllowed answers a method the API does not define on a known path.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.WriteError(w, r, wolfden.Errorf(wolfden.ENotImplemented,
		"%s %s is not an operation of the API", r.Method, r.URL.Path))
}
