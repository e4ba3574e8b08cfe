// Package server assembles a wolfden server over a store: the HTTP API,
// the token exchange it authenticates with, the background worker it
// hands deletions to, and the simulated agents' clock they share. The
// command (cmd/wolfden serve) and wolfdentest (and through it wolfden's
// own black-box tests) start their servers here, so that they wire the
// same thing.
package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/store"
	"github.com/wolfden/wolfden/worker"
)

// Config is what a Server is made of. Store, Logger and the clocks are
// filled into the parts' configurations; everything else in them is the
// caller's.
type Config struct {
	Store  store.Store
	Logger *slog.Logger // default: discarded
	// Now is the real clock (default time.Now): token validation's, and
	// the base the agents' clock runs on.
	Now func() time.Time
	// Auth configures the token exchange; with API.Auth set, that service
	// is used instead.
	Auth auth.Options
	// API configures the HTTP API; Store, Logger, Deletions and Clock are
	// filled in, and Auth unless set.
	API httpapi.Config
	// Worker configures the background work; Store, Logger and Now are
	// filled in.
	Worker worker.Config
	// Metrics, when set, turns Prometheus metrics on: the API counts its
	// requests and serves the registry at GET /metrics, the worker counts
	// its runs, and the store, if it group-commits (SQLite), reports its
	// batches (docs/metrics.md). It fills API.Metrics and
	// Worker.Metrics. nil: metrics off, and /metrics is unknown.
	Metrics *metrics.Metrics
}

// groupCommitter is a store that tells the size of its group commits
// (*sqlstore.Store).
type groupCommitter interface {
	ObserveGroupCommits(fn func(jobs int))
}

// Server is an assembled server: API serves HTTP, Run does the background
// work.
type Server struct {
	API    *httpapi.Server
	Auth   *auth.Service
	Worker *worker.Worker
	Clock  *agentsim.Clock
}

// New assembles a server; it serves nothing until its API is given to an
// http.Server, and does no background work until Run.
func New(cfg Config) *Server {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Server{Clock: agentsim.NewClock(cfg.Now), Auth: cfg.API.Auth}
	if s.Auth == nil {
		if cfg.Auth.Now == nil {
			cfg.Auth.Now = cfg.Now
		}
		s.Auth = auth.New(cfg.Store, cfg.Auth)
	}
	w := cfg.Worker
	w.Store, w.Logger, w.Now = cfg.Store, cfg.Logger, s.Clock.Now
	api := cfg.API
	if cfg.Metrics != nil {
		w.Metrics, api.Metrics = cfg.Metrics, cfg.Metrics
		if st, ok := cfg.Store.(groupCommitter); ok {
			st.ObserveGroupCommits(cfg.Metrics.CommitBatch)
		}
	}
	s.Worker = worker.New(w)
	api.Store, api.Auth, api.Logger, api.Deletions, api.Clock = cfg.Store, s.Auth, cfg.Logger, s.Worker, s.Clock
	s.API = httpapi.New(api)
	return s
}

// Run does the background work until ctx ends.
func (s *Server) Run(ctx context.Context) { s.Worker.Run(ctx) }
