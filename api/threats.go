package api

import (
	"net/http"
	"strings"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

var threatPages = pageLimits{def: 10, max: 200}

// threatJSON is the classic threat list item. last_found is exactly
// YYYY-MM-DDTHH:MM:SS: XSOAR parses it with that pattern.
type threatJSON struct {
	SHA256            string     `json:"sha256"`
	MD5               string     `json:"md5"`
	Name              string     `json:"name"`
	Classification    string     `json:"classification"`
	SubClassification string     `json:"sub_classification"`
	CylanceScore      float64    `json:"cylance_score"`
	AVIndustry        *float64   `json:"av_industry"`
	UniqueToCylance   bool       `json:"unique_to_cylance"`
	GlobalQuarantined bool       `json:"global_quarantined"`
	Safelisted        bool       `json:"safelisted"`
	FileSize          int64      `json:"file_size"`
	LastFound         isoSeconds `json:"last_found"`
}

// threatDetailJSON is GET /threats/v2/{sha256}: the list item and more.
type threatDetailJSON struct {
	threatJSON
	AutoRun       bool       `json:"auto_run"`
	Running       bool       `json:"running"`
	Signed        bool       `json:"signed"`
	CertIssuer    *string    `json:"cert_issuer"`
	CertPublisher *string    `json:"cert_publisher"`
	CertTimestamp isoSeconds `json:"cert_timestamp"`
	DetectedBy    string     `json:"detected_by"`
}

func newThreatJSON(t *wolfden.Threat) threatJSON {
	return threatJSON{
		SHA256: t.SHA256, MD5: t.MD5, Name: t.Name, Classification: t.Classification,
		SubClassification: t.SubClassification, CylanceScore: t.CylanceScore,
		GlobalQuarantined: t.GlobalQuarantined, Safelisted: t.Safelisted, FileSize: t.FileSize,
		LastFound: isoSeconds(t.LastFound),
	}
}

func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func newThreatDetailJSON(t *wolfden.Threat) threatDetailJSON {
	return threatDetailJSON{
		threatJSON: newThreatJSON(t), AutoRun: t.AutoRun, Running: t.Running, Signed: t.Signed,
		CertIssuer: optionalString(t.CertIssuer), CertPublisher: optionalString(t.CertPublisher),
		CertTimestamp: isoSeconds(time.Time{}), // 0001-01-01T00:00:00: wolfden's files are unsigned
		DetectedBy:    t.DetectedBy,
	}
}

// deviceThreatJSON is an item of GET /devices/v2/{id}/threats.
type deviceThreatJSON struct {
	SHA256            string     `json:"sha256"`
	Name              string     `json:"name"`
	FilePath          string     `json:"file_path"`
	Classification    string     `json:"classification"`
	SubClassification string     `json:"sub_classification"`
	CylanceScore      float64    `json:"cylance_score"`
	DateFound         isoSeconds `json:"date_found"`
	FileStatus        string     `json:"file_status"`
}

func newDeviceThreatJSON(dt *wolfden.DeviceThreat) deviceThreatJSON {
	return deviceThreatJSON{
		SHA256: dt.SHA256, Name: dt.Name, FilePath: dt.FilePath, Classification: dt.Classification,
		SubClassification: dt.SubClassification, CylanceScore: dt.CylanceScore, DateFound: isoSeconds(dt.DateFound),
		FileStatus: string(dt.Status.Effective(dt.GlobalQuarantined, dt.Safelisted)),
	}
}

// threatDeviceJSON is an item of GET /threats/v2/{sha256}/devices. Its state
// is spelled OnLine/OffLine, as observed from the vendor on this route.
type threatDeviceJSON struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	State        string     `json:"state"`
	AgentVersion string     `json:"agent_version"`
	PolicyID     string     `json:"policy_id"`
	DateFound    isoSeconds `json:"date_found"`
	FilePath     string     `json:"file_path"`
	FileStatus   string     `json:"file_status"`
	IPAddresses  []string   `json:"ip_addresses"`
	MACAddresses []string   `json:"mac_addresses"`
}

func newThreatDeviceJSON(s *store.ThreatSighting) threatDeviceJSON {
	state := "OnLine"
	if s.Device.State == wolfden.Offline {
		state = "OffLine"
	}
	return threatDeviceJSON{
		ID: s.Device.ID.String(), Name: s.Device.Name, State: state, AgentVersion: s.Device.AgentVersion,
		PolicyID: s.Device.Policy.ID.String(), DateFound: isoSeconds(s.DateFound), FilePath: s.FilePath,
		FileStatus:  string(s.Status.Effective(s.GlobalQuarantined, s.Safelisted)),
		IPAddresses: s.Device.IPAddresses, MACAddresses: s.Device.MACAddresses,
	}
}

// parseTimeParam reads an ISO-8601 query parameter in any of the forms
// clients send: with or without fraction, with or without Z.
func parseTimeParam(r *http.Request, name string) (*time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return nil, nil
	}
	if t, err := wolfden.ParseTime(v); err == nil {
		return &t, nil
	}
	return nil, wolfden.FieldErrorf(name, "%q is not an ISO-8601 time such as 2024-04-01T00:00:00", v)
}

// parseTimeRange reads start_time and end_time; end_time needs start_time.
func parseTimeRange(r *http.Request) (from, to *time.Time, err error) {
	if from, err = parseTimeParam(r, "start_time"); err != nil {
		return nil, nil, err
	}
	if to, err = parseTimeParam(r, "end_time"); err != nil {
		return nil, nil, err
	}
	if to != nil && from == nil {
		return nil, nil, wolfden.FieldErrorf("start_time", "start_time is required with end_time")
	}
	return from, to, nil
}

func (s *Server) listThreats(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	from, to, err := parseTimeRange(r)
	if err != nil {
		return err
	}
	req, err := parsePage(r, threatPages)
	if err != nil {
		return err
	}
	page, err := t.Threats(r.Context(), from, to, req)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPageEnvelope(req, page, newThreatJSON))
	return nil
}

// threatHash resolves the {sha256} path segment, in any case.
func threatHash(r *http.Request) (string, error) {
	key := pathParam(r, "sha256")
	sha, ok := wolfden.ParseSHA256(key)
	if !ok {
		return "", wolfden.Errorf(wolfden.ENotFound, "threat %q not found", key)
	}
	return sha, nil
}

func (s *Server) getThreat(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	th, err := t.Threat(r.Context(), sha)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newThreatDetailJSON(th))
	return nil
}

func (s *Server) threatDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	req, err := parsePage(r, threatPages)
	if err != nil {
		return err
	}
	page, err := t.ThreatDevices(r.Context(), sha, req)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPageEnvelope(req, page, newThreatDeviceJSON))
	return nil
}

func (s *Server) deviceThreats(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := deviceID(r)
	if err != nil {
		return err
	}
	req, err := parsePage(r, threatPages)
	if err != nil {
		return err
	}
	page, err := t.DeviceThreats(r.Context(), id, req)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPageEnvelope(req, page, newDeviceThreatJSON))
	return nil
}

// updateDeviceThreat is POST /devices/v2/{id}/threats with {threat_id,
// event}: Quarantine or Waive a threat on one device. 200, empty body.
func (s *Server) updateDeviceThreat(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := deviceID(r)
	if err != nil {
		return err
	}
	var req struct {
		ThreatID *string `json:"threat_id"`
		Event    *string `json:"event"`
	}
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.ThreatID == nil {
		return wolfden.FieldErrorf("threat_id", "threat_id is required")
	}
	sha, ok := wolfden.ParseSHA256(*req.ThreatID)
	if !ok {
		return wolfden.FieldErrorf("threat_id", "%q is not a SHA-256", *req.ThreatID)
	}
	var status wolfden.FileStatus
	switch {
	case req.Event == nil:
		return wolfden.FieldErrorf("event", "event is required")
	case strings.EqualFold(*req.Event, "Quarantine"):
		status = wolfden.FileQuarantined
	case strings.EqualFold(*req.Event, "Waive"):
		status = wolfden.FileWhitelisted
	default:
		return wolfden.FieldErrorf("event", "%q is not an event: use Quarantine or Waive", *req.Event)
	}
	if err := t.SetDeviceThreatStatus(r.Context(), id, sha, status); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}
