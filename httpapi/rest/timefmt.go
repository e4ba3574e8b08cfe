package rest

import (
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
)

// The API writes times in several layouts, all UTC (docs/api/README.md).
// Each layout is a type, so a wire struct says which one its field uses.

// IsoSeconds is "2024-03-05T14:07:21": no fraction, no zone. Clients parse
// it strictly (XSOAR's fetch breaks on anything else).
type IsoSeconds time.Time

const isoSecondsLayout = "2006-01-02T15:04:05"

func (t IsoSeconds) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, isoSecondsLayout), nil
}

// OptionalISOSeconds is IsoSeconds, or nil (JSON null) for no time.
func OptionalISOSeconds(t *time.Time) *IsoSeconds {
	if t == nil {
		return nil
	}
	v := IsoSeconds(*t)
	return &v
}

// IsoMillis is "2024-03-05T14:07:19.481": milliseconds, no zone (a
// device's date_offline).
type IsoMillis time.Time

func (t IsoMillis) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, "2006-01-02T15:04:05.000"), nil
}

// DotNetUTC is "2024-03-05T14:07:21.1234567Z": a seven-digit fraction and a
// Z, as .NET writes it (the zone create response).
type DotNetUTC time.Time

func (t DotNetUTC) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, "2006-01-02T15:04:05.0000000Z"), nil
}

// IsoTicks is "2024-01-15T10:32:43.5072251": a seven-digit fraction and no
// zone (the policy list's dates).
type IsoTicks time.Time

func (t IsoTicks) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, "2006-01-02T15:04:05.0000000"), nil
}

// Rfc3339 is "2024-03-05T14:07:21Z", the OPTICS objects' layout.
type Rfc3339 time.Time

func (t Rfc3339) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, time.RFC3339), nil
}

// ParseTimeParam reads an ISO-8601 query parameter in any of the forms
// clients send: with or without fraction, with or without Z.
func ParseTimeParam(r *http.Request, name string) (*time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	if t, err := wolfden.ParseTime(v); err == nil {
		return &t, nil
	}
	return nil, wolfden.FieldErrorf(name, "%q is not an ISO-8601 time such as 2024-04-01T00:00:00", v)
}

// ParseTimeRange reads start_time and end_time; end_time needs start_time.
func ParseTimeRange(r *http.Request) (from, to *time.Time, err error) {
	if from, err = ParseTimeParam(r, "start_time"); err != nil {
		return nil, nil, err
	}
	if to, err = ParseTimeParam(r, "end_time"); err != nil {
		return nil, nil, err
	}
	if to != nil && from == nil {
		return nil, nil, wolfden.FieldErrorf("start_time", "start_time is required with end_time")
	}
	return from, to, nil
}
