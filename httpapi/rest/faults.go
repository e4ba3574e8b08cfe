package rest

import (
	"log/slog"
	"net/http"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/metrics"
)

// Fault carries out the fault rules that name who's tenant, partner or
// application, once the request is authenticated (Op, the partner API's
// Op). It reports whether the request is done: answered or dropped.
func (s *Core) Fault(w http.ResponseWriter, r *http.Request, who faults.Identity) bool {
	return s.ApplyFault(w, r, s.Faults.Check(r, who))
}

// ApplyFault waits out a's delay, then answers its status through
// WriteError, as the route's own failure would be, or drops the connection
// without an answer. It reports whether the request is done.
func (s *Core) ApplyFault(w http.ResponseWriter, r *http.Request, a faults.Action) bool {
	if a == (faults.Action{}) {
		return false
	}
	s.Log.LogAttrs(r.Context(), slog.LevelInfo, "fault rule fired",
		slog.String("request_id", RequestID(r.Context())), slog.String("rule", a.Rule.String()),
		slog.Int("status", a.Status), slog.Bool("drop", a.Drop), slog.Duration("delay", a.Delay))
	if a.Delay > 0 {
		s.Faults.Sleep(r.Context(), a.Delay)
	}
	switch {
	case a.Drop:
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			panic(http.ErrAbortHandler) // not HTTP/1 (HTTP/2 resets the stream)
		}
		conn.Close()
	case a.Status != 0:
		// Said apart from the body, which is the vendor's: a test can tell
		// the rule's answer from the route's own.
		w.Header().Set(FaultHeader, a.Rule.String())
		s.WriteError(w, r, faultError(a))
	default:
		return false
	}
	return true
}

// FaultHeader names the fault rule that made an answer (docs/control-plane.md).
const FaultHeader = "X-Wolfden-Fault"

// faultMessages are what a faked failure says, after "Unauthorized: " for
// a 401 (WriteError adds it).
var faultMessages = map[int]struct {
	code wolfden.ErrorCode
	text string
}{
	http.StatusUnauthorized:       {wolfden.EUnauthorized, "the access token is refused"},
	http.StatusForbidden:          {wolfden.EForbidden, "the access token lacks the scope of this operation"},
	http.StatusNotFound:           {wolfden.ENotFound, "no resource here"},
	http.StatusBadGateway:         {wolfden.EBadGateway, "bad gateway"},
	http.StatusServiceUnavailable: {wolfden.EUnavailable, "the service is unavailable"},
	http.StatusGatewayTimeout:     {wolfden.EGatewayTimeout, "gateway timeout"},
}

// faultError is the error whose answer is a's status.
func faultError(a faults.Action) error {
	rule := "fault rule " + a.Rule.String()
	switch a.Status {
	case http.StatusTooManyRequests:
		return &RateLimited{What: "requests (" + rule + ")", RetryAfter: a.RetryAfter, Limiter: metrics.LimitFaultRule}
	case http.StatusInternalServerError:
		return &faultFailure{rule} // WriteError logs it and answers the request id
	}
	m := faultMessages[a.Status]
	return wolfden.Errorf(m.code, "%s (%s)", m.text, rule)
}
