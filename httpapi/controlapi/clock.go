package controlapi

import (
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
)

// maxAdvance bounds one advance of the agents' clock: far past any
// lifecycle period (a year at most), and far from overflowing.
const maxAdvance = 10 * 365 * 24 * time.Hour

type clockJSON struct {
	Now           string  `json:"now"`
	OffsetSeconds float64 `json:"offset_seconds"`
}

type clockAdvanceRequest struct {
	AdvanceSeconds float64 `json:"advance_seconds"`
}

// GetClock is GET /control/v1/clock: the agents' time, and how far it has
// been advanced past the real one.
func (s *Handlers) GetClock(w http.ResponseWriter, r *http.Request) {
	s.WriteJSON(w, r, http.StatusOK, s.clockJSON())
}

// AdvanceClock is POST /control/v1/clock with {"advance_seconds": N}: the
// agents' time jumps N seconds ahead, so that commands complete, lockdowns
// expire and inactive devices come due without waiting. It never runs back.
func (s *Handlers) AdvanceClock(w http.ResponseWriter, r *http.Request) {
	var req clockAdvanceRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		s.WriteError(w, r, err)
		return
	}
	// Checked as seconds: converting a huge float to a Duration overflows.
	if !(req.AdvanceSeconds > 0 && req.AdvanceSeconds <= maxAdvance.Seconds()) {
		s.WriteError(w, r, wolfden.FieldErrorf("advance_seconds",
			"advance_seconds must be more than 0 and at most %d (ten years)", int64(maxAdvance.Seconds())))
		return
	}
	s.Clock.Advance(time.Duration(req.AdvanceSeconds * float64(time.Second)))
	s.WriteJSON(w, r, http.StatusOK, s.clockJSON())
}

func (s *Handlers) clockJSON() clockJSON {
	return clockJSON{Now: s.Clock.Now().UTC().Format(time.RFC3339Nano), OffsetSeconds: s.Clock.Offset().Seconds()}
}
