package opticsapi

import (
	"net/http"
	"time"

	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// severityHistogramJSON is the answer of GET /detections/v2/severity. The
// vendor names its members; the shape is wolfden's (docs/api/detections.md).
type severityHistogramJSON struct {
	Facet   string              `json:"facet"`
	Filters []map[string]string `json:"filters"`
	Counts  []severityCountJSON `json:"counts"`
}

type severityCountJSON struct {
	DetectedOn    rest.Rfc3339 `json:"detected_on"`
	Informational int          `json:"informational"`
	Low           int          `json:"low"`
	Medium        int          `json:"medium"`
	High          int          `json:"high"`
}

// histogramFilters are the query parameters the answer's filters echo.
var histogramFilters = []string{"detection_type", "detected_on", "device", "event_number", "severity", "status"}

// defaultHistogramSpan is how far back a histogram without start reaches.
const defaultHistogramSpan = 30 * 24 * time.Hour

// DetectionHistogram counts detections by severity per interval (default
// 1d) from start (default 30 days before end) to end (default now).
func (s *Handlers) DetectionHistogram(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	f, err := parseDetectionFilter(r)
	if err != nil {
		return err
	}
	interval := optics.HistogramInterval{N: 1, Unit: 'd'}
	if v := r.URL.Query().Get("interval"); v != "" {
		if interval, err = optics.ParseHistogramInterval("interval", v); err != nil {
			return err
		}
	}
	end := s.Now()
	if f.To != nil {
		end = *f.To
	}
	start := end.Add(-defaultHistogramSpan)
	if f.From != nil {
		start = *f.From
	}
	starts, err := interval.Buckets(start, end)
	if err != nil {
		return err
	}
	buckets, err := t.DetectionHistogram(r.Context(), f, starts, end)
	if err != nil {
		return err
	}
	out := severityHistogramJSON{Facet: "severity", Filters: []map[string]string{}, Counts: make([]severityCountJSON, len(buckets))}
	for _, name := range histogramFilters {
		if v := r.URL.Query().Get(name); v != "" {
			out.Filters = append(out.Filters, map[string]string{name: v})
		}
	}
	for i, b := range buckets {
		out.Counts[i] = severityCountJSON{DetectedOn: rest.Rfc3339(b.Start), Informational: b.Counts["Informational"],
			Low: b.Counts["Low"], Medium: b.Counts["Medium"], High: b.Counts["High"]}
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
