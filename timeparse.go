package wolfden

import (
	"errors"
	"time"
)

// ParseTime reads an ISO-8601 time in any of the forms clients send: with
// or without fraction, with or without zone (UTC when absent), or a date.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errors.New("not an ISO-8601 time")
}
