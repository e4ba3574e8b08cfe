package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/internal/buildinfo"
)

// The probes orchestrators and test harnesses wait on (docs/operations.md).
// They take no token and say nothing of any tenant.
const (
	healthzPath = "/healthz"
	readyzPath  = "/readyz"
	versionPath = "/version"
)

// readyTimeout bounds the storage check of /readyz: a probe that hangs is
// worse than one that fails.
const readyTimeout = 2 * time.Second

type probeAnswer struct {
	Status    string `json:"status"`
	Message   string `json:"message,omitempty"`
	RequestID string `json:"request_id,omitempty"`
}

// healthz answers while the process serves HTTP.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	s.WriteJSON(w, r, http.StatusOK, probeAnswer{Status: "ok"})
}

// readyz answers 200 when the storage answers with the schema this server
// migrated it to, 503 otherwise. The cause goes to the log, not to the
// prober: it may name the database.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.Store.Ready(ctx); err != nil {
		id := rest.RequestID(r.Context())
		s.Log.LogAttrs(r.Context(), slog.LevelWarn, "not ready: storage", slog.String("request_id", id), slog.String("cause", err.Error()))
		s.WriteJSON(w, r, http.StatusServiceUnavailable, probeAnswer{Status: "unavailable",
			Message: "the storage is unreachable or its schema is not this server's; the log says why", RequestID: id})
		return
	}
	s.WriteJSON(w, r, http.StatusOK, probeAnswer{Status: "ready"})
}

// version answers the build's version, commit and Go version.
func (s *Server) version(w http.ResponseWriter, r *http.Request) {
	s.WriteJSON(w, r, http.StatusOK, buildinfo.Get())
}

// isProbe reports whether path is a probe's, which the request journal
// leaves out: an orchestrator's polling is not what a test asserts on.
func isProbe(path string) bool {
	return path == healthzPath || path == readyzPath || path == versionPath
}
