package protectapi

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

// The vendor allows up to 10,000 devices a page (Arctic Wolf docs).
var devicePages = rest.PageLimits{Default: 100, Max: 10000}

type policyJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

type productJSON struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Status  string `json:"status"`
}

// deviceListItemJSON is the classic list item every client reads, plus the
// camelCase members of the newer Arctic Wolf schema (docs/api/devices.md).
type deviceListItemJSON struct {
	ID                  string          `json:"id"`
	Name                string          `json:"name"`
	State               string          `json:"state"`
	AgentVersion        string          `json:"agent_version"`
	Policy              policyJSON      `json:"policy"`
	DateFirstRegistered rest.IsoSeconds `json:"date_first_registered"`
	DateOffline         *rest.IsoMillis `json:"date_offline"`
	IPAddresses         []string        `json:"ip_addresses"`
	MACAddresses        []string        `json:"mac_addresses"`
	OSKernelVersion     string          `json:"os_kernel_version"`
	Products            []productJSON   `json:"products"`
	DLCMStatus          string          `json:"dlcm_status"`
	DaysToDeletion      string          `json:"days_to_deletion"`

	Created        rest.IsoSeconds `json:"created"`
	IPAddressesAW  []string        `json:"ipAddresses"`
	MACAddressesAW []string        `json:"macAddresses"`
	DeviceType     string          `json:"deviceType"`
	OSVersionAW    string          `json:"osVersion"`
	DeviceCarrier  *string         `json:"deviceCarrier"`
	ModelOfDevice  *string         `json:"modelOfDevice"`
}

// deviceDetailJSON is the device object of GET /devices/v2/{id} and the
// lookups by host name and MAC; XSOAR reads every one of these members.
type deviceDetailJSON struct {
	ID                  string          `json:"id"`
	Name                string          `json:"name"`
	HostName            string          `json:"host_name"`
	State               string          `json:"state"`
	AgentVersion        string          `json:"agent_version"`
	OSVersion           string          `json:"os_version"`
	OSKernelVersion     string          `json:"os_kernel_version"`
	Policy              policyJSON      `json:"policy"`
	Products            []productJSON   `json:"products"`
	IPAddresses         []string        `json:"ip_addresses"`
	MACAddresses        []string        `json:"mac_addresses"`
	LastLoggedInUser    string          `json:"last_logged_in_user"`
	DistinguishedName   string          `json:"distinguished_name"`
	BackgroundDetection bool            `json:"background_detection"`
	IsSafe              bool            `json:"is_safe"`
	UpdateAvailable     bool            `json:"update_available"`
	UpdateType          *string         `json:"update_type"`
	DateFirstRegistered rest.IsoSeconds `json:"date_first_registered"`
	DateLastModified    rest.IsoSeconds `json:"date_last_modified"`
	DateOffline         *rest.IsoMillis `json:"date_offline"`
	DLCMStatus          string          `json:"dlcm_status"`
	DaysToDeletion      string          `json:"days_to_deletion"`
}

// lifecycleStatus is the device's dlcm_status: Excluded when exempt from
// Device Lifecycle Management, else Included.
func lifecycleStatus(d *wolfden.Device) string {
	if d.LifecycleExempt {
		return "Excluded"
	}
	return "Included"
}

// daysToDeletion is the device's days_to_deletion: whole days, rounded up,
// until DLCM removes it, or Unknown when it will not.
func daysToDeletion(d *wolfden.Device, now time.Time) string {
	if d.RemovalDue == nil {
		return "Unknown"
	}
	left := d.RemovalDue.Sub(now)
	if left <= 0 {
		return "0"
	}
	return strconv.Itoa(int((left + 24*time.Hour - 1) / (24 * time.Hour)))
}

func devicePolicy(d *wolfden.Device) policyJSON {
	return policyJSON{ID: d.Policy.ID.String(), Name: d.Policy.Name}
}

func deviceProducts(d *wolfden.Device) []productJSON {
	return []productJSON{{Name: "protect", Version: d.AgentVersion, Status: string(d.State)}}
}

func dateOffline(d *wolfden.Device) *rest.IsoMillis {
	if d.Offline == nil {
		return nil
	}
	t := rest.IsoMillis(*d.Offline)
	return &t
}

func (s *Handlers) NewDeviceListItemJSON(d *wolfden.Device) deviceListItemJSON {
	return deviceListItemJSON{
		ID: d.ID.String(), Name: d.Name, State: string(d.State), AgentVersion: d.AgentVersion,
		Policy: devicePolicy(d), DateFirstRegistered: rest.IsoSeconds(d.Registered), DateOffline: dateOffline(d),
		IPAddresses: d.IPAddresses, MACAddresses: d.MACAddresses, OSKernelVersion: d.OSKernelVersion,
		Products: deviceProducts(d), DLCMStatus: lifecycleStatus(d), DaysToDeletion: daysToDeletion(d, s.Now()),
		Created: rest.IsoSeconds(d.Registered), IPAddressesAW: d.IPAddresses, MACAddressesAW: d.MACAddresses,
		DeviceType: "desktop", OSVersionAW: d.OSVersion,
	}
}

// NewDeviceDetailJSON writes a device's detail. is_safe is true until the
// Threats area reports outstanding threats; update_type is the update
// channel of the device's first zone by name, null in none.
func (s *Handlers) NewDeviceDetailJSON(d *wolfden.Device) deviceDetailJSON {
	var updateType *string
	if len(d.Zones) > 0 {
		updateType = &d.Zones[0].UpdateType
	}
	return deviceDetailJSON{
		UpdateType: updateType,
		ID:         d.ID.String(), Name: d.Name, HostName: d.HostName, State: string(d.State), AgentVersion: d.AgentVersion,
		OSVersion: d.OSVersion, OSKernelVersion: d.OSKernelVersion, Policy: devicePolicy(d), Products: deviceProducts(d),
		IPAddresses: d.IPAddresses, MACAddresses: d.MACAddresses, LastLoggedInUser: d.LastLoggedInUser,
		DistinguishedName: d.DistinguishedName, BackgroundDetection: d.BackgroundDetection, IsSafe: d.IsSafe,
		UpdateAvailable: d.UpdateAvailable, DateFirstRegistered: rest.IsoSeconds(d.Registered),
		DateLastModified: rest.IsoSeconds(d.Modified), DateOffline: dateOffline(d),
		DLCMStatus: lifecycleStatus(d), DaysToDeletion: daysToDeletion(d, s.Now()),
	}
}

func (s *Handlers) ListDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, devicePages)
	if err != nil {
		return err
	}
	page, err := t.Devices(r.Context(), req, false)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, s.NewDeviceListItemJSON))
	return nil
}

func (s *Handlers) GetDevice(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	d, err := t.Device(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.NewDeviceDetailJSON(d))
	return nil
}

// DevicesByHostName answers an array, [] when nothing matches (XSOAR then
// reports "not found").
func (s *Handlers) DevicesByHostName(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	devices, err := t.DevicesByHostName(r.Context(), rest.PathParam(r, "host"))
	if err != nil {
		return err
	}
	s.WriteDevices(w, r, devices)
	return nil
}

func (s *Handlers) DevicesByMAC(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	mac, ok := wolfden.ParseMAC(rest.PathParam(r, "mac"))
	if !ok {
		return wolfden.Errorf(wolfden.ENotFound, "%q is not a MAC address", rest.PathParam(r, "mac"))
	}
	devices, err := t.DevicesByMAC(r.Context(), mac)
	if err != nil {
		return err
	}
	s.WriteDevices(w, r, devices)
	return nil
}

func (s *Handlers) WriteDevices(w http.ResponseWriter, r *http.Request, devices []wolfden.Device) {
	out := make([]deviceDetailJSON, len(devices))
	for i := range devices {
		out[i] = s.NewDeviceDetailJSON(&devices[i])
	}
	s.WriteJSON(w, r, http.StatusOK, out)
}

type deviceUpdateRequest struct {
	Name *string `json:"name"`
	// PolicyID stays raw: absent changes nothing, while null and "" both
	// move the device back to the Default policy.
	PolicyID      jsontext.Value `json:"policy_id"`
	AddZoneIDs    []string       `json:"add_zone_ids"`
	RemoveZoneIDs []string       `json:"remove_zone_ids"`
}

func (req *deviceUpdateRequest) change() (wolfden.DeviceChange, error) {
	c := wolfden.DeviceChange{Name: req.Name, AddZoneIDs: req.AddZoneIDs, RemoveZoneIDs: req.RemoveZoneIDs}
	switch req.PolicyID.Kind() {
	case 0: // absent
	case 'n':
		c.ClearPolicy = true
	case '"':
		var id string
		if err := json.Unmarshal(req.PolicyID, &id); err != nil {
			return c, wolfden.FieldErrorf("policy_id", "policy_id is not a valid string")
		}
		c.ClearPolicy = id == ""
		if id != "" {
			c.PolicyID = &id
		}
	default:
		return c, wolfden.FieldErrorf("policy_id", "expected a string or null, got %s", rest.DescribeKind(req.PolicyID.Kind()))
	}
	return c, nil
}

// UpdateDevice is PUT /devices/v2/{id}: 200 with an empty body.
func (s *Handlers) UpdateDevice(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	var req deviceUpdateRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	change, err := req.change()
	if err != nil {
		return err
	}
	now := s.Now()
	if _, err := t.UpdateDevice(r.Context(), id, func(d *wolfden.Device) error { return change.Apply(d, now) }); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

func (s *Handlers) ZoneDevices(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	zone, err := zoneID(r)
	if err != nil {
		return err
	}
	req, err := rest.ParsePage(r, devicePages)
	if err != nil {
		return err
	}
	page, err := t.ZoneDevices(r.Context(), zone, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, s.NewDeviceListItemJSON))
	return nil
}

func (s *Handlers) DeviceZones(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	device, err := rest.DeviceID(r)
	if err != nil {
		return err
	}
	req, err := rest.ParsePage(r, zonePages)
	if err != nil {
		return err
	}
	page, err := t.DeviceZones(r.Context(), device, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newZoneJSON))
	return nil
}

var extendedDevicePages = rest.PageLimits{Default: 100, Max: 200}

// deviceExtendedJSON is an item of GET /devices/v2/extended: the detail
// object without date_last_modified and distinguished_name, plus zones.
type deviceExtendedJSON struct {
	deviceDetailJSON
	// These shadow the detail's members of the same names, which leaves
	// them out (the shallower field wins, and it is omitted when nil).
	DateLastModified  *struct{}     `json:"date_last_modified,omitzero"`
	DistinguishedName *struct{}     `json:"distinguished_name,omitzero"`
	Zones             []zoneRefJSON `json:"zones"`
}

type zoneRefJSON struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

func (s *Handlers) NewDeviceExtendedJSON(d *wolfden.Device) deviceExtendedJSON {
	zones := make([]zoneRefJSON, len(d.Zones))
	for i, z := range d.Zones {
		zones[i] = zoneRefJSON{ID: z.ID.String(), Name: z.Name}
	}
	return deviceExtendedJSON{deviceDetailJSON: s.NewDeviceDetailJSON(d), Zones: zones}
}

func (s *Handlers) ListDevicesExtended(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, extendedDevicePages)
	if err != nil {
		return err
	}
	page, err := t.Devices(r.Context(), req, true)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, s.NewDeviceExtendedJSON))
	return nil
}

type productCountJSON struct {
	Name        string `json:"name"`
	Version     string `json:"version"`
	DeviceCount int    `json:"device_count"`
}

// ProductCounts is GET /devices/v2/products, in a shape of wolfden's: the
// vendor's was not recovered (docs/api/devices.md).
func (s *Handlers) ProductCounts(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	counts, err := t.ProductCounts(r.Context())
	if err != nil {
		return err
	}
	out := make([]productCountJSON, len(counts))
	for i, c := range counts {
		out[i] = productCountJSON{Name: c.Product, Version: c.Version, DeviceCount: c.Devices}
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// InstallerURL is GET /devices/v2/installer: a short-lived link to the
// agent installer the query asks for.
func (s *Handlers) InstallerURL(w http.ResponseWriter, r *http.Request, _ store.TenantStore) error {
	q := r.URL.Query()
	name, err := wolfden.Installer{Product: q.Get("product"), OS: q.Get("os"), Package: q.Get("package"),
		Architecture: q.Get("architecture"), Build: q.Get("build")}.FileName()
	if err != nil {
		return err
	}
	return s.WriteLink(w, r, "/installers/"+name)
}

// DownloadInstaller serves an installer link. wolfden has no agent: the
// file is a short text standing in for the installer.
func (s *Handlers) DownloadInstaller(w http.ResponseWriter, r *http.Request) {
	if err := s.CheckLink(r); err != nil {
		s.WriteError(w, r, err)
		return
	}
	rest.WriteDownload(w, "application/octet-stream",
		fmt.Appendf(nil, "wolfden simulated agent installer %s\n", rest.PathParam(r, "file")))
}
