package optics_test

import (
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

// FuzzParseHistogramInterval: an accepted interval writes as a form that
// parses back to it, and its buckets over any span of a year are
// increasing, aligned and cover the span, or are refused as too many.
func FuzzParseHistogramInterval(f *testing.F) {
	for _, s := range []string{"1d", "12h", "1M", "2y", "15m", "0d", "-1d", "1w", "d", "", "+1d", "01h",
		"9223372036854775807h", "9223372036854775807y", "9223372036854775807M", "153722867280912931m"} {
		f.Add(s, int64(1712785194), int64(86400*3))
	}
	f.Fuzz(func(t *testing.T, s string, from, span int64) {
		interval, err := optics.ParseHistogramInterval("interval", s)
		if err != nil {
			if wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Fatalf("ParseHistogramInterval(%q): %v, not EInvalid", s, err)
			}
			return
		}
		if back, err := optics.ParseHistogramInterval("interval", interval.String()); err != nil || back != interval {
			t.Fatalf("ParseHistogramInterval(%q) = %v; its form %q parses as %v, %v", s, interval, interval.String(), back, err)
		}
		start := time.Unix(from%(1<<34), 0).UTC() // years 1425 to 2514
		end := start.Add(time.Duration(span%(366*86400)) * time.Second)
		buckets, err := interval.Buckets(start, end)
		if err != nil {
			if wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Fatalf("%s from %s to %s: %v, not EInvalid", interval, start, end, err)
			}
			return
		}
		if len(buckets) == 0 || buckets[0].After(start) {
			t.Fatalf("%s from %s to %s: buckets %v do not start by the start", interval, start, end, buckets)
		}
		for i := 1; i < len(buckets); i++ {
			if !buckets[i].After(buckets[i-1]) || buckets[i].After(end) {
				t.Fatalf("%s from %s to %s: bucket %d is %s after %s", interval, start, end, i, buckets[i], buckets[i-1])
			}
		}
	})
}
