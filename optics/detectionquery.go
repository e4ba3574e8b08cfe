package optics

import (
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// DetectionFilter selects detections for the list, its CSV and the
// severity histogram. Zero members select everything.
type DetectionFilter struct {
	// From and To bound the occurrence time, both inclusive.
	From, To *time.Time
	// Since selects detections received after it ("recent detections").
	Since    *time.Time
	Severity string
	Status   DetectionStatus
	// Description and Device match part of the rule description and the
	// device name, in any case.
	Description string
	Device      string
	// PhoneticID, when set, selects that one detection; the list's other
	// filters are ignored, as a vendor client note says.
	PhoneticID string
	Sort       wolfden.SortOrder
}

// DetectionSortKeys are the list's sort keys, the ones the vendor documents
// (docs/api/detections.md).
var DetectionSortKeys = []string{"Severity", "OccurrenceTime", "Status", "Device", "PhoneticId", "Description", "ReceivedTime"}

// DefaultDetectionSort is newest first.
var DefaultDetectionSort = wolfden.SortOrder{Key: "OccurrenceTime", Desc: true}

// DetectionChange is one element of a detection update: it sets either
// the status or the comment.
type DetectionChange struct {
	ID      uuid.UUID
	Status  *DetectionStatus
	Comment *string
}

// MaxDetectionBatch bounds the detections one update or delete names.
const MaxDetectionBatch = 200

// Apply makes the change to det.
func (c DetectionChange) Apply(det *Detection) {
	if c.Status != nil {
		det.Status = *c.Status
	}
	if c.Comment != nil {
		det.Comment = *c.Comment
	}
}

// HistogramInterval is a bucket width of the severity histogram: N units
// of y (years), M (months), d, h or m.
type HistogramInterval struct {
	N    int
	Unit byte
}

// MaxHistogramBuckets bounds a histogram, so that a one-minute interval
// over years is a clear 400 rather than a huge answer.
const MaxHistogramBuckets = 1000

// maxIntervalCounts bounds an interval's count by unit to a century: a
// wider bucket counts nothing useful, and a far wider one overflowed the
// calendar arithmetic (3700000000000M made a bucket in the year
// -276220713894).
var maxIntervalCounts = map[byte]int{'y': 100, 'M': 1200, 'd': 36525, 'h': 876600, 'm': 52596000}

// ParseHistogramInterval reads "<n><unit>" such as "1d", at most a
// century.
func ParseHistogramInterval(field, s string) (HistogramInterval, error) {
	bad := wolfden.FieldErrorf(field, "%q is not an interval: give a count and a unit y, M, d, h or m, such as 1d", s)
	if len(s) < 2 {
		return HistogramInterval{}, bad
	}
	n, err := strconv.Atoi(s[:len(s)-1])
	unit := s[len(s)-1]
	limit, ok := maxIntervalCounts[unit]
	if err != nil || n < 1 || !ok {
		return HistogramInterval{}, bad
	}
	if n > limit {
		return HistogramInterval{}, wolfden.FieldErrorf(field, "%q is longer than a century: at most %d%c", s, limit, unit)
	}
	return HistogramInterval{N: n, Unit: unit}, nil
}

// String is the interval as it is written.
func (i HistogramInterval) String() string { return fmt.Sprintf("%d%c", i.N, i.Unit) }

// truncate is the start of the calendar unit (UTC) that t is in.
func (i HistogramInterval) truncate(t time.Time) time.Time {
	t = t.UTC()
	switch i.Unit {
	case 'y':
		return time.Date(t.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	case 'M':
		return time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)
	case 'd':
		return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	case 'h':
		return t.Truncate(time.Hour)
	}
	return t.Truncate(time.Minute)
}

func (i HistogramInterval) next(t time.Time) time.Time {
	switch i.Unit {
	case 'y':
		return t.AddDate(i.N, 0, 0)
	case 'M':
		return t.AddDate(0, i.N, 0)
	case 'd':
		return t.AddDate(0, 0, i.N)
	case 'h':
		return t.Add(time.Duration(i.N) * time.Hour)
	}
	return t.Add(time.Duration(i.N) * time.Minute)
}

// Buckets are the starts of the buckets that cover [from, to], aligned to
// the calendar unit (a 1d histogram counts whole UTC days).
func (i HistogramInterval) Buckets(from, to time.Time) ([]time.Time, error) {
	if to.Before(from) {
		return nil, wolfden.FieldErrorf("end", "end %s is before start %s", to.Format(time.RFC3339), from.Format(time.RFC3339))
	}
	var starts []time.Time
	for t := i.truncate(from); !t.After(to); t = i.next(t) {
		if len(starts) == MaxHistogramBuckets {
			return nil, wolfden.FieldErrorf("interval", "%s from %s to %s makes more than %d buckets: widen the interval",
				i, from.Format(time.RFC3339), to.Format(time.RFC3339), MaxHistogramBuckets)
		}
		starts = append(starts, t)
	}
	return starts, nil
}

// SeverityCounts is one bucket of the severity histogram: how many
// detections of each severity occurred from Start until the next bucket.
type SeverityCounts struct {
	Start  time.Time
	Counts map[string]int
}
