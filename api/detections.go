package api

import (
	"context"
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

var detectionPages = pageLimits{def: 20, max: 200}

// detectionDeviceRefJSON is the device of a list item.
type detectionDeviceRefJSON struct {
	CylanceID string `json:"CylanceId"`
	Name      string `json:"Name"`
}

// detectionSummaryJSON is a list item. CylanceId is the device id at top
// level as well as under Device (spec open question 33).
type detectionSummaryJSON struct {
	ID                   string                 `json:"Id"`
	PhoneticID           string                 `json:"PhoneticId"`
	Severity             string                 `json:"Severity"`
	Status               string                 `json:"Status"`
	DetectionDescription string                 `json:"DetectionDescription"`
	OccurrenceTime       rfc3339                `json:"OccurrenceTime"`
	ReceivedTime         rfc3339                `json:"ReceivedTime"`
	Device               detectionDeviceRefJSON `json:"Device"`
	CylanceID            string                 `json:"CylanceId"`
}

func newDetectionSummaryJSON(d *optics.Detection) detectionSummaryJSON {
	return detectionSummaryJSON{ID: d.ID.String(), PhoneticID: d.PhoneticID(), Severity: d.Severity, Status: string(d.Status),
		DetectionDescription: d.Description(), OccurrenceTime: rfc3339(d.Occurred), ReceivedTime: rfc3339(d.Received),
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
		if *p.dst, err = parseTimeParam(r, p.name); err != nil {
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
	f.Sort, err = parseSort(r, optics.DetectionSortKeys, optics.DefaultDetectionSort)
	return f, err
}

func (s *Server) listDetections(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := parsePage(r, detectionPages)
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
	s.writeJSON(w, r, http.StatusOK, newPageEnvelope(req, page, newDetectionSummaryJSON))
	return nil
}

// exportDetections answers the filtered list as CSV, with the columns of
// the spec's example.
func (s *Server) exportDetections(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	f, err := parseDetectionFilter(r)
	if err != nil {
		return err
	}
	list := func(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[optics.Detection], error) {
		return t.Detections(ctx, f, page)
	}
	return exportCSV(r.Context(), w, "detections.csv",
		[]string{"Id", "PhoneticId", "Severity", "Status", "DetectionDescription", "Device", "OccurrenceTime", "ReceivedTime"},
		list, func(d *optics.Detection) []string {
			return []string{d.ID.String(), d.PhoneticID(), d.Severity, string(d.Status), d.Description(), d.Device.Name,
				d.Occurred.UTC().Format(time.RFC3339), d.Received.UTC().Format(time.RFC3339)}
		})
}

type detectionDetailJSON struct {
	ID                  string                   `json:"Id"`
	PhoneticID          string                   `json:"PhoneticId"`
	Name                string                   `json:"Name"`
	Severity            string                   `json:"Severity"`
	Status              string                   `json:"Status"`
	Comment             string                   `json:"Comment"`
	ObjectType          string                   `json:"ObjectType"`
	SchemaVersion       int                      `json:"SchemaVersion"`
	ActivationTime      rfc3339                  `json:"ActivationTime"`
	OccurrenceTime      rfc3339                  `json:"OccurrenceTime"`
	ReceivedTime        rfc3339                  `json:"ReceivedTime"`
	Context             optics.Event             `json:"Context"`
	Device              detectionDeviceJSON      `json:"Device"`
	DetectionRule       detectionRuleRefJSON     `json:"DetectionRule"`
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

type detectionRuleRefJSON struct {
	Category    string `json:"Category"`
	Description string `json:"Description"`
	ID          string `json:"Id"`
	Name        string `json:"Name"`
	Version     int    `json:"Version"`
}

func newDetectionRuleRefJSON(r optics.DetectionRuleRef) detectionRuleRefJSON {
	return detectionRuleRefJSON{Category: r.Category, Description: r.Description, ID: r.ID.String(), Name: r.Name, Version: r.Version}
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

// newDetectionDetailJSON is a detection as GET …/details shows it. The
// detector and product versions are the device's agent version. No
// exception applies to a stored detection: one that matches suppresses it
// before it is stored. Associated and involved artifacts are the artifacts
// of interest; wolfden keeps no wider event graph.
func newDetectionDetailJSON(d *optics.Detection) detectionDetailJSON {
	out := detectionDetailJSON{
		ID: d.ID.String(), PhoneticID: d.PhoneticID(), Name: d.Rule.Name, Severity: d.Severity, Status: string(d.Status),
		Comment: d.Comment, ObjectType: "Detection", SchemaVersion: 1, ActivationTime: rfc3339(d.Activated),
		OccurrenceTime: rfc3339(d.Occurred), ReceivedTime: rfc3339(d.Received), Context: d.Event,
		Device: detectionDeviceJSON{CylanceID: d.Device.ID.String(), Name: d.Device.Name, HostName: d.Device.HostName,
			OsVersion: d.Device.OSVersion, AgentVersion: d.Device.AgentVersion, IPAddresses: nonNil(d.Device.IPAddresses),
			MACAddresses: nonNil(d.Device.MACAddresses)},
		DetectionRule:       newDetectionRuleRefJSON(d.Rule),
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

func (s *Server) getDetection(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := pathID(r, "detection", "detection")
	if err != nil {
		return err
	}
	d, err := t.Detection(r.Context(), id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newDetectionDetailJSON(d))
	return nil
}
