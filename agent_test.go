package wolfden_test

import (
	"testing"
	"time"

	"github.com/wolfden/wolfden"
)

func TestAgentScheduleProgress(t *testing.T) {
	s := wolfden.AgentSchedule{Pickup: 2 * time.Second, Work: 8 * time.Second}
	issued := time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := issued.Add(d); return &t }
	tests := []struct {
		name    string
		offline *time.Time
		now     time.Duration
		want    wolfden.CommandState
	}{
		{"online, just issued", nil, 0, wolfden.CommandQueued},
		{"online, before pickup", nil, time.Second, wolfden.CommandQueued},
		{"online, at pickup", nil, 2 * time.Second, wolfden.CommandRunning},
		{"online, working", nil, 9 * time.Second, wolfden.CommandRunning},
		{"online, at completion", nil, 10 * time.Second, wolfden.CommandCompleted},
		{"online, long after", nil, time.Hour, wolfden.CommandCompleted},
		{"offline before issue", at(-time.Minute), time.Hour, wolfden.CommandQueued},
		{"offline before pickup", at(time.Second), time.Hour, wolfden.CommandQueued},
		{"offline while working", at(5 * time.Second), time.Hour, wolfden.CommandRunning},
		{"offline after completing", at(30 * time.Second), time.Hour, wolfden.CommandCompleted},
		{"offline in the future of a skewed clock", at(time.Hour), 5 * time.Second, wolfden.CommandRunning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Progress(issued, tt.offline, issued.Add(tt.now)); got != tt.want {
				t.Errorf("Progress = %s, want %s", got, tt.want)
			}
		})
	}
}
