package agentsim

import "time"

// CommandState is how far a device's agent has carried out a command.
type CommandState string

const (
	CommandQueued    CommandState = "queued"    // not picked up: the agent has not checked in
	CommandRunning   CommandState = "running"   // picked up, not finished
	CommandCompleted CommandState = "completed" // finished; its result is available
)

// Schedule is how long a simulated agent takes: it picks a command up
// Pickup after it was issued and finishes it Work later.
type Schedule struct {
	Pickup time.Duration
	Work   time.Duration
}

// DefaultSchedule is quick enough for an interactive session and slow
// enough that a polling client sees every state.
var DefaultSchedule = Schedule{Pickup: 2 * time.Second, Work: 8 * time.Second}

// PickedUp is when an agent online all along picks up a command issued at
// issued.
func (s Schedule) PickedUp(issued time.Time) time.Time { return issued.Add(s.Pickup) }

// Completes is when an agent online all along finishes a command issued at
// issued.
func (s Schedule) Completes(issued time.Time) time.Time {
	return issued.Add(s.Pickup + s.Work)
}

// Progress is the state at now of a command issued at issued to a device
// that went offline at offline (nil: it is online).
//
// An offline device does not answer: what it did not finish before going
// offline stays where it was. A device that comes back online is treated
// as online all along, so a command it missed completes on its first read
// past the schedule; wolfden does not record when devices come online.
func (s Schedule) Progress(issued time.Time, offline *time.Time, now time.Time) CommandState {
	at := now
	if offline != nil && offline.Before(now) {
		at = *offline
	}
	switch {
	case at.Before(s.PickedUp(issued)):
		return CommandQueued
	case at.Before(s.Completes(issued)):
		return CommandRunning
	default:
		return CommandCompleted
	}
}
