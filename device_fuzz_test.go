package wolfden_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
)

var canonicalMAC = regexp.MustCompile(`^[0-9A-F]{2}(-[0-9A-F]{2}){5}$`)

// FuzzParseMAC: an accepted MAC is the canonical form of the input's
// twelve digits, and the canonical form, with any separator, parses to
// itself.
func FuzzParseMAC(f *testing.F) {
	for _, s := range []string{"00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001A2B3C4D5E", "001a.2b3c.4d5e", " 00:1A:2B:3C:4D:5E ",
		"00:1A:2B:3C:4D", "00:1A:2B:3C:4D:5G", "::::001A2B3C4D5E", "00:1A:2B:3C:4D:5E:6F", "ıı:1A:2B:3C:4D:5E", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		mac, ok := wolfden.ParseMAC(s)
		if !ok {
			return
		}
		if !canonicalMAC.MatchString(mac) {
			t.Fatalf("ParseMAC(%q) = %q, not AA-BB-CC-DD-EE-FF", s, mac)
		}
		digits := strings.ReplaceAll(mac, "-", "")
		if got := strings.Map(func(r rune) rune {
			if strings.ContainsRune("-:. \t\n\v\f\r", r) {
				return -1
			}
			return r
		}, strings.ToUpper(s)); got != digits {
			t.Errorf("ParseMAC(%q) = %q, digits %q", s, mac, got)
		}
		for _, form := range []string{mac, strings.ReplaceAll(mac, "-", ":"), digits, strings.ToLower(mac)} {
			if back, ok := wolfden.ParseMAC(form); !ok || back != mac {
				t.Errorf("ParseMAC(%q) = %q, %v; want %q", form, back, ok, mac)
			}
		}
	})
}
