package agentsim

import (
	"time"

	"github.com/google/uuid"
)

// CommandTarget is a device an OPTICS command was sent to, as it is now.
type CommandTarget struct {
	DeviceID uuid.UUID
	Offline  *time.Time // when it went offline; nil while online
	Gone     bool       // deleted since: it will never answer
}

// state is how far the target's agent has carried out a command issued
// at issued.
func (c CommandTarget) state(s Schedule, issued, now time.Time) CommandState {
	if c.Gone {
		return CommandQueued
	}
	return s.Progress(issued, c.Offline, now)
}

// Survey statuses, as InstaQuery results and focus views answer them.
const (
	SurveyPending = "pending" // no agent has picked the command up
	SurveyRunning = "running" // picked up, not answered by every agent that can
	SurveyDone    = "done"    // answered by every agent that can
)

// SurveyStatus names a command state on one device.
func SurveyStatus(st CommandState) string {
	switch st {
	case CommandCompleted:
		return SurveyDone
	case CommandRunning:
		return SurveyRunning
	}
	return SurveyPending
}
