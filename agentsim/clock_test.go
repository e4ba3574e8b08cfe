package agentsim_test

import (
	"testing"
	"time"

	"github.com/wolfden/wolfden/agentsim"
)

func TestClock(t *testing.T) {
	base := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := agentsim.NewClock(func() time.Time { return base })
	if !c.Now().Equal(base) {
		t.Fatalf("a new clock reads %s, want its base %s", c.Now(), base)
	}
	c.Advance(90 * time.Second)
	c.Advance(-time.Hour) // refused: time does not run back
	c.Advance(30 * time.Second)
	if got, want := c.Now(), base.Add(2*time.Minute); !got.Equal(want) || c.Offset() != 2*time.Minute {
		t.Fatalf("after advancing 2 minutes the clock reads %s (offset %s), want %s", got, c.Offset(), want)
	}
}

func TestScheduleScaled(t *testing.T) {
	s := agentsim.Schedule{Pickup: 2 * time.Second, Work: 8 * time.Second}
	for _, tt := range []struct {
		factor float64
		want   agentsim.Schedule
	}{
		{1, s},
		{0, agentsim.Schedule{}},
		{0.5, agentsim.Schedule{Pickup: time.Second, Work: 4 * time.Second}},
	} {
		if got := s.Scaled(tt.factor); got != tt.want {
			t.Errorf("Scaled(%v) = %+v, want %+v", tt.factor, got, tt.want)
		}
	}
}
