package protectapi

import (
	"net/http"
	"strings"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var threatPages = rest.PageLimits{Default: 10, Max: 200}

// threatJSON is the classic threat list item. last_found is exactly
// YYYY-MM-DDTHH:MM:SS: XSOAR parses it with that pattern.
type threatJSON struct {
	SHA256            string          `json:"sha256"`
	MD5               string          `json:"md5"`
	Name              string          `json:"name"`
	Classification    string          `json:"classification"`
	SubClassification string          `json:"sub_classification"`
	CylanceScore      float64         `json:"cylance_score"`
	AVIndustry        *float64        `json:"av_industry"`
	UniqueToCylance   bool            `json:"unique_to_cylance"`
	GlobalQuarantined bool            `json:"global_quarantined"`
	Safelisted        bool            `json:"safelisted"`
	FileSize          int64           `json:"file_size"`
	LastFound         rest.IsoSeconds `json:"last_found"`
}

// threatDetailJSON is GET /threats/v2/{sha256}: the list item and more.
type threatDetailJSON struct {
	threatJSON
	AutoRun       bool            `json:"auto_run"`
	Running       bool            `json:"running"`
	Signed        bool            `json:"signed"`
	CertIssuer    *string         `json:"cert_issuer"`
	CertPublisher *string         `json:"cert_publisher"`
	CertTimestamp rest.IsoSeconds `json:"cert_timestamp"`
	DetectedBy    string          `json:"detected_by"`
}

func newThreatJSON(t *wolfden.Threat) threatJSON {
	return threatJSON{
		SHA256: t.SHA256, MD5: t.MD5, Name: t.Name, Classification: t.Classification,
		SubClassification: t.SubClassification, CylanceScore: t.CylanceScore,
		GlobalQuarantined: t.GlobalQuarantined, Safelisted: t.Safelisted, FileSize: t.FileSize,
		LastFound: rest.IsoSeconds(t.LastFound),
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
		CertTimestamp: rest.IsoSeconds(time.Time{}), // 0001-01-01T00:00:00: wolfden's files are unsigned
		DetectedBy:    t.DetectedBy,
	}
}

// deviceThreatJSON is an item of GET /devices/v2/{id}/threats.
type deviceThreatJSON struct {
	SHA256            string          `json:"sha256"`
	Name              string          `json:"name"`
	FilePath          string          `json:"file_path"`
	Classification    string          `json:"classification"`
	SubClassification string          `json:"sub_classification"`
	CylanceScore      float64         `json:"cylance_score"`
	DateFound         rest.IsoSeconds `json:"date_found"`
	FileStatus        string          `json:"file_status"`
}

func NewDeviceThreatJSON(dt *wolfden.DeviceThreat) deviceThreatJSON {
	return deviceThreatJSON{
		SHA256: dt.SHA256, Name: dt.Name, FilePath: dt.FilePath, Classification: dt.Classification,
		SubClassification: dt.SubClassification, CylanceScore: dt.CylanceScore, DateFound: rest.IsoSeconds(dt.DateFound),
		FileStatus: string(dt.Status.Effective(dt.GlobalQuarantined, dt.Safelisted)),
	}
}

// threatDeviceJSON is an item of GET /threats/v2/{sha256}/devices. Its state
// is spelled OnLine/OffLine, as observed from the vendor on this route.
type threatDeviceJSON struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	State        string          `json:"state"`
	AgentVersion string          `json:"agent_version"`
	PolicyID     string          `json:"policy_id"`
	DateFound    rest.IsoSeconds `json:"date_found"`
	FilePath     string          `json:"file_path"`
	FileStatus   string          `json:"file_status"`
	IPAddresses  []string        `json:"ip_addresses"`
	MACAddresses []string        `json:"mac_addresses"`
}

func newThreatDeviceJSON(s *store.ThreatSighting) threatDeviceJSON {
	state := "OnLine"
	if s.Device.State == wolfden.Offline {
		state = "OffLine"
	}
	return threatDeviceJSON{
		ID: s.Device.ID.String(), Name: s.Device.Name, State: state, AgentVersion: s.Device.AgentVersion,
		PolicyID: s.Device.Policy.ID.String(), DateFound: rest.IsoSeconds(s.DateFound), FilePath: s.FilePath,
		FileStatus:  string(s.Status.Effective(s.GlobalQuarantined, s.Safelisted)),
		IPAddresses: s.Device.IPAddresses, MACAddresses: s.Device.MACAddresses,
	}
}

func (s *Handlers) ListThreats(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	from, to, err := rest.ParseTimeRange(r)
	if err != nil {
		return err
	}
	req, err := rest.ParsePage(r, threatPages)
	if err != nil {
		return err
	}
	page, err := t.Threats(r.Context(), from, to, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newThreatJSON))
	return nil
}

// threatHash resolves the {sha256} path segment, in any case.
func threatHash(r *http.Request) (string, error) {
	key := rest.PathParam(r, "sha256")
	sha, ok := wolfden.ParseSHA256(key)
	if !ok {
		return "", wolfden.Errorf(wolfden.ENotFound, "threat %q not found", key)
	}
	return sha, nil
}

func (s *Handlers) GetThreat(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	th, err := t.Threat(r.Context(), sha)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newThreatDetailJSON(th))
	return nil
}

func (s *Handlers) ThreatDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	req, err := rest.ParsePage(r, threatPages)
	if err != nil {
		return err
	}
	page, err := t.ThreatDevices(r.Context(), sha, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newThreatDeviceJSON))
	return nil
}

func (s *Handlers) DeviceThreats(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	req, err := rest.ParsePage(r, threatPages)
	if err != nil {
		return err
	}
	page, err := t.DeviceThreats(r.Context(), id, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, NewDeviceThreatJSON))
	return nil
}

// UpdateDeviceThreat is POST /devices/v2/{id}/threats with {threat_id,
// event}: Quarantine or Waive a threat on one device. 200, empty body.
func (s *Handlers) UpdateDeviceThreat(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	var req struct {
		ThreatID *string `json:"threat_id"`
		Event    *string `json:"event"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
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
	rest.WriteEmpty(w)
	return nil
}
