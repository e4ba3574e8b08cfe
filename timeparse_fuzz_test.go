package wolfden_test

import (
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
)

// FuzzParseTime: an accepted time is UTC and writes as RFC 3339 (the form
// answers use), which parses back to it; so does any time lists can show.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2024-04-10T21:39:54Z", "2024-04-10T21:39:54.5072251", "2024-04-10T21:39:54+02:00", "2024-04-10",
		"2024-04-10T21:39:54.123456789-07:00", "2024-02-30", "", "now"} {
		f.Add(s, int64(0))
	}
	f.Add("", int64(1712785194123456789))
	f.Fuzz(func(t *testing.T, s string, nanos int64) {
		if at, err := wolfden.ParseTime(s); err == nil {
			if at.Location() != time.UTC {
				t.Errorf("ParseTime(%q) = %s, not UTC", s, at)
			}
			text, err := at.MarshalText()
			if err != nil {
				t.Fatalf("ParseTime(%q) = %s, which does not write as RFC 3339: %v", s, at, err)
			}
			if back, err := wolfden.ParseTime(string(text)); err != nil || !back.Equal(at) {
				t.Errorf("ParseTime(%q) = %s; its form %s parses as %s, %v", s, at, text, back, err)
			}
		}
		at := time.Unix(0, nanos).UTC()
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
			if back, err := wolfden.ParseTime(at.Format(layout)); err != nil || !back.Equal(at) {
				t.Errorf("ParseTime(%q) = %s, %v; want %s", at.Format(layout), back, err, at)
			}
		}
	})
}

// FuzzParseTimePrefix: an accepted beginning is the span of exactly the
// times whose listed form begins with it: its first second does and the
// one before does not, its last second does and the one after does not.
func FuzzParseTimePrefix(f *testing.F) {
	for _, s := range []string{"2024-04-10T21", "2024-04-10t21:39:54z", "2024", "2024-1", "2024-02-2", "2024-02-3", "T21", "",
		"9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "2024-04-10T21:39:54.5Z", "\xff", "2024-04-10T21:39:5\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		span, err := wolfden.ParseTimePrefix("last_modified", s)
		if err != nil {
			if wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Fatalf("ParseTimePrefix(%q): %v, not EInvalid", s, err)
			}
			return
		}
		prefix := strings.ToUpper(s)
		listed := func(at time.Time) bool {
			return at.Year() >= 0 && at.Year() <= 9999 && strings.HasPrefix(at.UTC().Format(time.RFC3339), prefix)
		}
		last := span.To.Add(-time.Second)
		if !span.From.Before(span.To) || !listed(span.From) || !listed(last) || listed(span.From.Add(-time.Second)) || listed(span.To) {
			t.Errorf("ParseTimePrefix(%q) = [%s, %s)", s, span.From, span.To)
		}
	})
}
