package wolfden_test

import (
	"testing"
	"time"

	"github.com/wolfden/wolfden"
)

func TestParseTimePrefix(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for _, tt := range []struct {
		prefix   string
		from, to string // "" when refused
	}{
		{"2024-04-10T21", "2024-04-10T21:00:00Z", "2024-04-10T22:00:00Z"},
		{"2024-04-10t21:39:54z", "2024-04-10T21:39:54Z", "2024-04-10T21:39:55Z"},
		{"2024", "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z"},
		{"2024-1", "2024-10-01T00:00:00Z", "2025-01-01T00:00:00Z"},
		{"2024-02-2", "2024-02-20T00:00:00Z", "2024-03-01T00:00:00Z"}, // 2024 is a leap year
		{"2024-12-31T23:5", "2024-12-31T23:50:00Z", "2025-01-01T00:00:00Z"},
		{"9999-12-31T23:59:59Z", "9999-12-31T23:59:59Z", "10000-01-01T00:00:00Z"},
		{"2024-02-3", "", ""},
		{"T21", "", ""},
		{"2024-04-10T21:39:54.5Z", "", ""},
	} {
		span, err := wolfden.ParseTimePrefix("last_modified", tt.prefix)
		if tt.from == "" {
			if err == nil || wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Errorf("ParseTimePrefix(%q) = %v, %v; want EInvalid", tt.prefix, span, err)
			}
			continue
		}
		to := time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) // past what RFC 3339 writes
		if tt.to != "10000-01-01T00:00:00Z" {
			to = at(tt.to)
		}
		if err != nil || !span.From.Equal(at(tt.from)) || !span.To.Equal(to) {
			t.Errorf("ParseTimePrefix(%q) = [%s, %s), %v; want [%s, %s)", tt.prefix, span.From, span.To, err, tt.from, tt.to)
		}
	}
}
