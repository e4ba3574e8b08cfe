package agentsim_test

import (
	"testing"
	"time"

	"github.com/wolfden/wolfden/agentsim"
)

func TestAgentScheduleProgress(t *testing.T) {
	s := agentsim.Schedule{Pickup: 2 * time.Second, Work: 8 * time.Second}
	issued := time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := issued.Add(d); return &t }
	tests := []struct {
		name    string
		offline *time.Time
		now     time.Duration
		want    agentsim.CommandState
	}{
		{"online, just issued", nil, 0, agentsim.CommandQueued},
		{"online, before pickup", nil, time.Second, agentsim.CommandQueued},
		{"online, at pickup", nil, 2 * time.Second, agentsim.CommandRunning},
		{"online, working", nil, 9 * time.Second, agentsim.CommandRunning},
		{"online, at completion", nil, 10 * time.Second, agentsim.CommandCompleted},
		{"online, long after", nil, time.Hour, agentsim.CommandCompleted},
		{"offline before issue", at(-time.Minute), time.Hour, agentsim.CommandQueued},
		{"offline before pickup", at(time.Second), time.Hour, agentsim.CommandQueued},
		{"offline while working", at(5 * time.Second), time.Hour, agentsim.CommandRunning},
		{"offline after completing", at(30 * time.Second), time.Hour, agentsim.CommandCompleted},
		{"offline in the future of a skewed clock", at(time.Hour), 5 * time.Second, agentsim.CommandRunning},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Progress(issued, tt.offline, issued.Add(tt.now)); got != tt.want {
				t.Errorf("Progress = %s, want %s", got, tt.want)
			}
		})
	}
}
