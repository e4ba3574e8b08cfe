package api

import "time"

// The API writes times in several layouts (spec §7), all UTC. Each layout
// is a type, so a wire struct says which one its field uses.

// isoSeconds is "2024-03-05T14:07:21": no fraction, no zone. Clients parse
// it strictly (XSOAR's fetch breaks on anything else).
type isoSeconds time.Time

const isoSecondsLayout = "2006-01-02T15:04:05"

func (t isoSeconds) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, isoSecondsLayout), nil
}

// optionalISOSeconds is isoSeconds, or nil (JSON null) for no time.
func optionalISOSeconds(t *time.Time) *isoSeconds {
	if t == nil {
		return nil
	}
	v := isoSeconds(*t)
	return &v
}

// isoMillis is "2024-03-05T14:07:19.481": milliseconds, no zone (a
// device's date_offline).
type isoMillis time.Time

func (t isoMillis) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, "2006-01-02T15:04:05.000"), nil
}

// dotNetUTC is "2024-03-05T14:07:21.1234567Z": a seven-digit fraction and a
// Z, as .NET writes it (the zone create response).
type dotNetUTC time.Time

func (t dotNetUTC) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, "2006-01-02T15:04:05.0000000Z"), nil
}

// isoTicks is "2024-01-15T10:32:43.5072251": a seven-digit fraction and no
// zone (the policy list's dates).
type isoTicks time.Time

func (t isoTicks) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, "2006-01-02T15:04:05.0000000"), nil
}

// rfc3339 is "2024-03-05T14:07:21Z", the OPTICS objects' layout.
type rfc3339 time.Time

func (t rfc3339) MarshalText() ([]byte, error) {
	return time.Time(t).UTC().AppendFormat(nil, time.RFC3339), nil
}
