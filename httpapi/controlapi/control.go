package controlapi

import (
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net/http"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/protectapi"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

// The control plane (/control/v1) is not part of the vendor API: it plays
// the endpoint agents that, in the real product, report devices. It is
// guarded by the admin token and, like the vendor API, answers errors
// through writeError. Without an admin token it is not routed at all, so
// its paths are 404s.

// RequireAdmin admits requests bearing the admin token under the Bearer
// scheme, compared in constant time; from an address that failed too
// often, it refuses before comparing.
func (s *Handlers) RequireAdmin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		refused := wolfden.Errorf(wolfden.EUnauthorized, "the control plane needs Authorization: Bearer <admin token>")
		token, ok := rest.BearerToken(r)
		if !ok {
			s.WriteError(w, r, refused)
			return
		}
		if err := s.CheckClient(r); err != nil {
			s.WriteError(w, r, err)
			return
		}
		if subtle.ConstantTimeCompare([]byte(token), []byte(s.Admin)) != 1 {
			s.AuthFailed(r, errors.New("not the admin token"))
			s.WriteError(w, r, refused)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// control adapts an operation into a control-plane route on the {tenant}
// of its path, which must exist.
func (s *Handlers) Op(fn rest.Operation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := func() error {
			id, err := rest.PathID(r, "tenant", "tenant")
			if err != nil {
				return err
			}
			if _, err := s.Store.Tenant(r.Context(), id); err != nil {
				return err
			}
			return fn(w, r, s.Store.ForTenant(id))
		}()
		if err != nil {
			s.WriteError(w, r, err)
		}
	})
}

type deviceRegistrationRequest struct {
	Name              string   `json:"name"`
	HostName          string   `json:"host_name"`
	OSVersion         string   `json:"os_version"`
	OSKernelVersion   string   `json:"os_kernel_version"`
	AgentVersion      string   `json:"agent_version"`
	IPAddresses       []string `json:"ip_addresses"`
	MACAddresses      []string `json:"mac_addresses"`
	LastLoggedInUser  string   `json:"last_logged_in_user"`
	DistinguishedName string   `json:"distinguished_name"`
	State             string   `json:"state"`
	Zones             []string `json:"zones"`
}

// RegisterDevice is POST /control/v1/tenants/{tenant}/devices: an agent
// registers; the answer is the device as GET /devices/v2/{id} shows it.
func (s *Handlers) RegisterDevice(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req deviceRegistrationRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	d, err := wolfden.NewDevice(t.TenantID(), wolfden.DeviceRegistration(req), s.Now())
	if err != nil {
		return err
	}
	if err := t.CreateDevices(r.Context(), d); err != nil {
		return err
	}
	if d, err = t.Device(r.Context(), d.ID); err != nil { // with its zones' names
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.protect.NewDeviceDetailJSON(d))
	return nil
}

// SetDeviceState is PUT /control/v1/tenants/{tenant}/devices/{device}/state
// with {"state": "Online" | "Offline"}: the agent connects or disconnects.
func (s *Handlers) SetDeviceState(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	var req struct {
		State string `json:"state"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	state, ok := wolfden.ParseDeviceState(req.State)
	if !ok {
		return wolfden.FieldErrorf("state", "%q is not a state: use Online or Offline", req.State)
	}
	now := s.Now()
	d, err := t.UpdateDevice(r.Context(), id, func(d *wolfden.Device) error {
		d.SetState(state, now)
		return nil
	})
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.protect.NewDeviceDetailJSON(d))
	return nil
}

type threatReportRequest struct {
	SHA256            string     `json:"sha256"`
	MD5               string     `json:"md5"`
	Name              string     `json:"name"`
	FilePath          string     `json:"file_path"`
	FileSize          int64      `json:"file_size"`
	CylanceScore      *float64   `json:"cylance_score"`
	Classification    string     `json:"classification"`
	SubClassification string     `json:"sub_classification"`
	DetectedBy        string     `json:"detected_by"`
	FileStatus        string     `json:"file_status"`
	DateFound         *time.Time `json:"date_found"`
	// The file's bytes for the sample download: content in base64, or a
	// seed to generate file_size bytes of text from. Without either, the
	// threat is known by its hash alone and its download holds a text
	// naming it, which cannot hash to it.
	Content    *string `json:"content"`
	SampleSeed *uint64 `json:"sample_seed"`
}

// ReportThreat is POST /control/v1/tenants/{tenant}/devices/{device}/threats:
// an agent reports a convicted file; the answer is the threat on the device
// as GET /devices/v2/{id}/threats lists it.
func (s *Handlers) ReportThreat(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	var req threatReportRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	report := wolfden.ThreatReport{SHA256: req.SHA256, MD5: req.MD5, Name: req.Name, FilePath: req.FilePath,
		FileSize: req.FileSize, CylanceScore: req.CylanceScore, Classification: req.Classification,
		SubClassification: req.SubClassification, DetectedBy: req.DetectedBy, FileStatus: req.FileStatus,
		DateFound: req.DateFound, SampleSeed: req.SampleSeed}
	if req.Content != nil {
		if report.Content, err = base64.StdEncoding.DecodeString(*req.Content); err != nil {
			return wolfden.FieldErrorf("content", "content must be base64 (RFC 4648, with padding): %v", err)
		}
	}
	dt, err := wolfden.NewDeviceThreat(id, report, s.Now())
	if err != nil {
		return err
	}
	if err := t.ReportThreats(r.Context(), dt); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, protectapi.NewDeviceThreatJSON(dt))
	return nil
}

// ResetAgentData is DELETE /control/v1/tenants/{tenant}/agentdata: the
// tenant's devices, threats and events are gone; 200 with an empty body.
func (s *Handlers) ResetAgentData(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	if err := t.ResetAgentData(r.Context()); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
