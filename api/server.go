// Package api serves the Aurora Endpoint Defense (Cylance User API v2) HTTP
// API on a wolfden.Store: routing, the token exchange, authentication,
// scopes, rate limits, and the status-code contract, which lives in
// writeError and nowhere else.
package api

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/auth"
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
	Deletions Deletions
	// Agents is how quickly the simulated agents carry out OPTICS commands
	// (default wolfden.DefaultAgentSchedule).
	Agents agentsim.AgentSchedule
}

// Deletions completes the device deletions the API accepts.
type Deletions interface {
	// Enqueue hands over an accepted request without blocking; a request
	// it cannot take is found in storage later.
	Enqueue(store.DeletionRef)
}

// Server is the API as an http.Handler.
type Server struct {
	store    store.Store
	auth     *auth.Service
	log      *slog.Logger
	limiter  *accountLimiter
	throttle *authThrottle
	maxBody  int64
	now      func() time.Time
	agents   agentsim.AgentSchedule
	admin    string
	public   string // PublicURL without a final slash
	handler  http.Handler

	uploads   chan struct{} // a semaphore of MaxConcurrentUploads
	deletions Deletions
}

// DefaultMaxBodyBytes bounds request bodies unless configured otherwise:
// far above any document of the API (a full policy is ~20 KB).
const DefaultMaxBodyBytes = 1 << 20

// New returns the API server.
func New(cfg Config) *Server {
	s := &Server{
		store:    cfg.Store,
		auth:     cfg.Auth,
		log:      cfg.Logger,
		limiter:  newAccountLimiter(cfg.RateLimit),
		throttle: newAuthThrottle(cfg.AuthFailureRate, cfg.AuthFailureBurst),
		maxBody:  cfg.MaxBodyBytes,
		now:      cfg.Now,
		agents:   cfg.Agents,
		admin:    cfg.AdminToken,
		public:   strings.TrimSuffix(cfg.PublicURL, "/"),

		uploads:   make(chan struct{}, MaxConcurrentUploads),
		deletions: cfg.Deletions,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.agents == (agentsim.AgentSchedule{}) {
		s.agents = agentsim.DefaultAgentSchedule
	}
	s.handler = s.observe(canonicalURL(s.checkURLText(s.routes())))
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// notFound answers a path no route matches.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, wolfden.Errorf(wolfden.ENotFound, "no resource at %q", r.URL.Path))
}

// methodNotAllowed answers a method the API does not define on a known path.
func (s *Server) methodNotAllowed(w http.ResponseWriter, r *http.Request) {
	s.writeError(w, r, wolfden.Errorf(wolfden.ENotImplemented,
		"%s %s is not an operation of the API", r.Method, r.URL.Path))
}
