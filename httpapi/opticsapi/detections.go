package opticsapi

import (
	"context"
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

var detectionPages = rest.PageLimits{Default: 20, Max: 200}

// detectionDeviceRefJSON is the device of a list item.
type detectionDeviceRefJSON struct {
	CylanceID string `json:"CylanceId"`
	Name      string `json:"Name"`
}

// detectionSummaryJSON is a list item. The vendor's list does not say
// where CylanceId goes, so it is the device id both at top level and
// under Device (docs/api/detections.md).
type detectionSummaryJSON struct {
	ID                   string                 `json:"Id"`
	PhoneticID           string                 `json:"PhoneticId"`
	Severity             string                 `json:"Severity"`
	Status               string                 `json:"Status"`
	DetectionDescription string                 `json:"DetectionDescription"`
	OccurrenceTime       rest.Rfc3339           `json:"OccurrenceTime"`
	ReceivedTime         rest.Rfc3339           `json:"ReceivedTime"`
	Device               detectionDeviceRefJSON `json:"Device"`
	CylanceID            string                 `json:"CylanceId"`
}

func newDetectionSummaryJSON(d *optics.Detection) detectionSummaryJSON {
	return detectionSummaryJSON{ID: d.ID.String(), PhoneticID: d.PhoneticID(), Severity: d.Severity, Status: string(d.Status),
		DetectionDescription: d.Description(), OccurrenceTime: rest.Rfc3339(d.Occurred), ReceivedTime: rest.Rfc3339(d.Received),
		Device: detectionDeviceRefJSON{CylanceID: d.Device.ID.String(), Name: d.Device.Name}, CylanceID: d.Device.ID.String()}
}

// parseDetectionFilter reads the list's filters; the histogram's
// detected_on is the device filter under the console's column name.
func parseDetectionFilter(r *http.Request) (optics.DetectionFilter, error) {
	q := r.URL.Query()
	f := optics.DetectionFilter{Description: q.Get("detection_type"), Device: q.Get("device"), PhoneticID: q.Get("event_number")}
	if f.Device == "" {
		f.Device = q.Get("detected_on")
	}
	var err error
	for _, p := range []struct {
		name string
		dst  **time.Time
	}{{"start", &f.From}, {"end", &f.To}, {"since", &f.Since}} {
		if *p.dst, err = rest.ParseTimeParam(r, p.name); err != nil {
			return f, err
		}
	}
	if v := q.Get("severity"); v != "" {
		if f.Severity, err = optics.ParseSeverity("severity", v); err != nil {
			return f, err
		}
	}
	if v := q.Get("status"); v != "" {
		if f.Status, err = optics.ParseDetectionStatus("status", v); err != nil {
			return f, err
		}
	}
	f.Sort, err = rest.ParseSort(r, optics.DetectionSortKeys, optics.DefaultDetectionSort)
	return f, err
}

func (s *Handlers) ListDetections(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, detectionPages)
	if err != nil {
		return err
	}
	f, err := parseDetectionFilter(r)
	if err != nil {
		return err
	}
	page, err := t.Detections(r.Context(), f, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newDetectionSummaryJSON))
	return nil
}

// ExportDetections answers the filtered list as CSV, with the vendor's
// columns (docs/api/detections.md).
func (s *Handlers) ExportDetections(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	f, err := parseDetectionFilter(r)
	if err != nil {
		return err
	}
	list := func(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[optics.Detection], error) {
		return t.Detections(ctx, f, page)
	}
	return rest.ExportCSV(r.Context(), w, "detections.csv",
		[]string{"Id", "PhoneticId", "Severity", "Status", "DetectionDescription", "Device", "OccurrenceTime", "ReceivedTime"},
		list, func(d *optics.Detection) []string {
			return []string{d.ID.String(), d.PhoneticID(), d.Severity, string(d.Status), d.Description(), d.Device.Name,
				d.Occurred.UTC().Format(time.RFC3339), d.Received.UTC().Format(time.RFC3339)}
		})
}

type DetectionDetailJSON struct {
	ID                  string                   `json:"Id"`
	PhoneticID          string                   `json:"PhoneticId"`
	Name                string                   `json:"Name"`
	Severity            string                   `json:"Severity"`
	Status              string                   `json:"Status"`
	Comment             string                   `json:"Comment"`
	ObjectType          string                   `json:"ObjectType"`
	SchemaVersion       int                      `json:"SchemaVersion"`
	ActivationTime      rest.Rfc3339             `json:"ActivationTime"`
	OccurrenceTime      rest.Rfc3339             `json:"OccurrenceTime"`
	ReceivedTime        rest.Rfc3339             `json:"ReceivedTime"`
	Context             optics.Event             `json:"Context"`
	Device              detectionDeviceJSON      `json:"Device"`
	DetectionRule       DetectionRuleRefJSON     `json:"DetectionRule"`
	Detector            nameVersionJSON          `json:"Detector"`
	Product             nameVersionJSON          `json:"Product"`
	AppliedExceptions   []idVersionJSON          `json:"AppliedExceptions"`
	ArtifactsOfInterest []artifactOfInterestJSON `json:"ArtifactsOfInterest"`
	AssociatedArtifacts []artifactRefJSON        `json:"AssociatedArtifacts"`
	InvolvedArtifacts   []artifactRefJSON        `json:"InvolvedArtifacts"`
	Responses           []struct{}               `json:"Responses"`
}

type detectionDeviceJSON struct {
	CylanceID    string   `json:"CylanceId"`
	Name         string   `json:"Name"`
	HostName     string   `json:"HostName"`
	OsVersion    string   `json:"OsVersion"`
	AgentVersion string   `json:"AgentVersion"`
	IPAddresses  []string `json:"IpAddresses"`
	MACAddresses []string `json:"MacAddresses"`
}

type DetectionRuleRefJSON struct {
	Category    string `json:"Category"`
	Description string `json:"Description"`
	ID          string `json:"Id"`
	Name        string `json:"Name"`
	Version     int    `json:"Version"`
}

func NewDetectionRuleRefJSON(r optics.DetectionRuleRef) DetectionRuleRefJSON {
	return DetectionRuleRefJSON{Category: r.Category, Description: r.Description, ID: r.ID.String(), Name: r.Name, Version: r.Version}
}

type nameVersionJSON struct {
	Name    string `json:"Name"`
	Version string `json:"Version"`
}

type idVersionJSON struct {
	ID      string `json:"Id"`
	Version int    `json:"Version"`
}

type artifactRefJSON struct {
	Type string `json:"Type"`
	UID  string `json:"Uid"`
}

type artifactOfInterestJSON struct {
	Artifact artifactRefJSON `json:"Artifact"`
	Source   string          `json:"Source"`
	StateA   string          `json:"StateA"`
}

// NewDetectionDetailJSON is a detection as GET …/details shows it. The
// detector and product versions are the device's agent version. No
// exception applies to a stored detection: one that matches suppresses it
// before it is stored. Associated and involved artifacts are the artifacts
// of interest; wolfden keeps no wider event graph.
func NewDetectionDetailJSON(d *optics.Detection) DetectionDetailJSON {
	out := DetectionDetailJSON{
		ID: d.ID.String(), PhoneticID: d.PhoneticID(), Name: d.Rule.Name, Severity: d.Severity, Status: string(d.Status),
		Comment: d.Comment, ObjectType: "Detection", SchemaVersion: 1, ActivationTime: rest.Rfc3339(d.Activated),
		OccurrenceTime: rest.Rfc3339(d.Occurred), ReceivedTime: rest.Rfc3339(d.Received), Context: d.Event,
		Device: detectionDeviceJSON{CylanceID: d.Device.ID.String(), Name: d.Device.Name, HostName: d.Device.HostName,
			OsVersion: d.Device.OSVersion, AgentVersion: d.Device.AgentVersion, IPAddresses: nonNil(d.Device.IPAddresses),
			MACAddresses: nonNil(d.Device.MACAddresses)},
		DetectionRule:       NewDetectionRuleRefJSON(d.Rule),
		Detector:            nameVersionJSON{Name: "OpticsDetector", Version: d.Device.AgentVersion},
		Product:             nameVersionJSON{Name: "CylanceOPTICS", Version: d.Device.AgentVersion},
		AppliedExceptions:   []idVersionJSON{},
		ArtifactsOfInterest: make([]artifactOfInterestJSON, len(d.Artifacts)),
		AssociatedArtifacts: make([]artifactRefJSON, len(d.Artifacts)),
		InvolvedArtifacts:   make([]artifactRefJSON, len(d.Artifacts)),
		Responses:           []struct{}{},
	}
	for i, a := range d.Artifacts {
		art := artifactRefJSON{Type: a.Type, UID: a.UID}
		out.ArtifactsOfInterest[i] = artifactOfInterestJSON{Artifact: art, Source: a.Source, StateA: a.State}
		out.AssociatedArtifacts[i], out.InvolvedArtifacts[i] = art, art
	}
	return out
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func (s *Handlers) GetDetection(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.PathID(r, "detection", "detection")
	if err != nil {
		return err
	}
	d, err := t.Detection(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, NewDetectionDetailJSON(d))
	return nil
}
