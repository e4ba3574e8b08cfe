package agentsim_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

// lockdownForm writes a duration as the expires parameter, d:hh:mm.
func lockdownForm(d time.Duration) string {
	return fmt.Sprintf("%d:%02d:%02d", int(d/(24*time.Hour)), int(d/time.Hour)%24, int(d/time.Minute)%60)
}

// FuzzParseLockdownDuration: an accepted duration is whole minutes within
// the lockdown's bounds, and its d:hh:mm form parses back to it.
func FuzzParseLockdownDuration(f *testing.F) {
	for _, s := range []string{"0:01:30", "3:00:00", "0:00:05", "0:00:04", "3:00:01", "4:00:00", " 1:02:03 ", "0:24:00", "0:00:60",
		"1:2:3", "99999999999999999999:00:10", "-1:00:10", "0:01:30:00", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := agentsim.ParseLockdownDuration(s)
		if err != nil {
			if wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Fatalf("ParseLockdownDuration(%q): %v, not EInvalid", s, err)
			}
			return
		}
		if d < agentsim.MinLockdown || d > agentsim.MaxLockdown || d%time.Minute != 0 {
			t.Fatalf("ParseLockdownDuration(%q) = %s", s, d)
		}
		if back, err := agentsim.ParseLockdownDuration(lockdownForm(d)); err != nil || back != d {
			t.Errorf("ParseLockdownDuration(%q) = %s; its form %q parses as %s, %v", s, d, lockdownForm(d), back, err)
		}
	})
}
