package wolfden

import (
	"errors"
	"strings"
	"time"
)

// ParseTime reads an ISO-8601 time in any of the forms clients send: with
// or without fraction, with or without zone (UTC when absent), or a date.
// The time must fall in the years 0 to 9999 in UTC, which RFC 3339 can
// write back: 9999-12-31T23:59:59-01:00 is in the year 10000.
func ParseTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			if t = t.UTC(); t.Year() < 0 || t.Year() > 9999 {
				return time.Time{}, errors.New("a time outside the years 0 to 9999 (UTC)")
			}
			return t, nil
		}
	}
	return time.Time{}, errors.New("not an ISO-8601 time")
}

// TimeSpan is the times from From up to, but not including, To.
type TimeSpan struct{ From, To time.Time }

// The times a list can show: RFC 3339 to the second in UTC, whose text
// sorts as the times do.
var (
	firstListedTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	lastListedTime  = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// ParseTimePrefix reads a partial-time filter such as 2024-04-10T21 (as
// the rule set list's last_modified filter takes it): the span of the times
// whose RFC 3339 form, to the second in UTC as lists show them, begins
// with s, in any case. Since those forms sort as the times do, the times
// with one beginning are one span, found by bisection. A beginning no time
// has (T21, 2024-02-30) is an EInvalid error naming field.
func ParseTimePrefix(field, s string) (TimeSpan, error) {
	prefix := strings.ToUpper(s)
	span := TimeSpan{From: firstListedTimeFrom(prefix), To: lastListedTime.Add(time.Second)}
	if end, ok := prefixEnd(prefix); ok {
		span.To = firstListedTimeFrom(end)
	}
	if !span.From.Before(span.To) {
		return TimeSpan{}, FieldErrorf(field, "no time begins %q: give the beginning of a time as lists show it, such as 2024-04-10T21", s)
	}
	return span, nil
}

// firstListedTimeFrom is the first listed time whose form does not sort
// before s, or the second after the last when there is none.
func firstListedTimeFrom(s string) time.Time {
	lo, hi := firstListedTime.Unix(), lastListedTime.Unix()+1
	for lo < hi {
		mid := lo + (hi-lo)/2
		if time.Unix(mid, 0).UTC().Format(time.RFC3339) >= s {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return time.Unix(lo, 0).UTC()
}

// prefixEnd is the first string after every string that begins with
// prefix; false when there is none (prefix is all 0xff bytes, or empty).
func prefixEnd(prefix string) (string, bool) {
	b := []byte(prefix)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < 0xff {
			b[i]++
			return string(b[:i+1]), true
		}
	}
	return "", false
}
