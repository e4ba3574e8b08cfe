package wolfden

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"
)

// DeviceState is whether a device's agent is connected.
type DeviceState string

const (
	Online  DeviceState = "Online"
	Offline DeviceState = "Offline"
)

// ParseDeviceState parses a state in any case.
func ParseDeviceState(s string) (DeviceState, bool) {
	return Canonical(s, []DeviceState{Online, Offline})
}

// Device is an endpoint with an agent. In the real product agents report
// devices; in wolfden the control plane plays the agents.
type Device struct {
	ID                  uuid.UUID
	TenantID            uuid.UUID
	Name                string // console name, editable
	HostName            string // as the OS reports it
	OSVersion           string
	OSKernelVersion     string
	AgentVersion        string
	State               DeviceState
	Policy              Policy // Default unless assigned
	IPAddresses         []string
	MACAddresses        []string // AA-BB-CC-DD-EE-FF
	LastLoggedInUser    string
	DistinguishedName   string
	BackgroundDetection bool
	UpdateAvailable     bool
	Registered          time.Time
	Modified            time.Time
	Offline             *time.Time // when it last went offline; nil while online
	// Zones the device belongs to, by name; filled in on single reads and
	// detailed pages (the extended list).
	Zones []Zone
	// IsSafe: no threat on the device is outstanding; filled in on single
	// reads and detailed pages.
	IsSafe bool
	// LifecycleExempt: DLCM never removes the device ("Excluded").
	LifecycleExempt bool
	// InactiveReset is when its inactive period was last reset, if ever.
	InactiveReset *time.Time
	// RemovalDue is when DLCM removes the device (LifecycleSettings.RemovalDue);
	// filled in on reads.
	RemovalDue *time.Time
}

// DeviceChange is PUT /devices/v2/{id}: nil or empty fields change nothing.
// ClearPolicy moves the device back to the Default policy.
type DeviceChange struct {
	Name          *string
	PolicyID      *string
	ClearPolicy   bool
	AddZoneIDs    []string
	RemoveZoneIDs []string
}

// Apply validates c and applies it to d. That policies and zones exist is
// for storage to check.
func (c DeviceChange) Apply(d *Device, now time.Time) error {
	if c.Name == nil && c.PolicyID == nil && !c.ClearPolicy && c.AddZoneIDs == nil && c.RemoveZoneIDs == nil {
		return Errorf(EInvalid, "give at least one of name, policy_id, add_zone_ids and remove_zone_ids")
	}
	if c.Name != nil {
		name := strings.TrimSpace(*c.Name)
		if name == "" {
			return FieldErrorf("name", "name must not be empty")
		}
		d.Name = name
	}
	switch {
	case c.ClearPolicy:
		d.Policy = Policy{ID: DefaultPolicyID}
	case c.PolicyID != nil:
		id, ok := ParseID(*c.PolicyID)
		if !ok {
			return FieldErrorf("policy_id", "%q is not a policy id", *c.PolicyID)
		}
		d.Policy = Policy{ID: id}
	}
	for _, list := range []struct {
		field string
		ids   []string
	}{{"add_zone_ids", c.AddZoneIDs}, {"remove_zone_ids", c.RemoveZoneIDs}} {
		if err := CheckLength(list.field, len(list.ids), MaxDeviceZones); err != nil {
			return err
		}
	}
	add, err := ParseIDList("add_zone_ids", "zone", c.AddZoneIDs)
	if err != nil {
		return err
	}
	remove, err := ParseIDList("remove_zone_ids", "zone", c.RemoveZoneIDs)
	if err != nil {
		return err
	}
	zones := d.Zones[:0:0]
	for _, z := range d.Zones {
		if !slices.Contains(remove, z.ID) && !slices.Contains(add, z.ID) {
			zones = append(zones, z)
		}
	}
	for _, id := range add {
		if !slices.Contains(remove, id) {
			zones = append(zones, Zone{ID: id})
		}
	}
	d.Zones, d.Modified = zones, now
	return nil
}

// ParseIDList parses the GUIDs of the list at field, dropping repeats; a
// malformed one is an error naming its index.
func ParseIDList(field, noun string, in []string) ([]uuid.UUID, error) {
	ids := make([]uuid.UUID, 0, len(in))
	seen := make(map[uuid.UUID]bool, len(in))
	for i, s := range in {
		id, ok := ParseID(s)
		if !ok {
			return nil, FieldErrorf(fmt.Sprintf("%s[%d]", field, i), "%q is not a %s id", s, noun)
		}
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// ParseIDBatch parses the GUIDs of a request that must name 1 to max
// resources (counted as sent, repeats included).
func ParseIDBatch(field, noun string, in []string, max int) ([]uuid.UUID, error) {
	if len(in) == 0 {
		return nil, FieldErrorf(field, "give at least one %s id", noun)
	}
	if len(in) > max {
		return nil, FieldErrorf(field, "at most %d %s ids per request, not %d", max, noun, len(in))
	}
	return ParseIDList(field, noun, in)
}

// Bounds of a device's lists, far above real devices (a few addresses, a
// few zones).
const (
	MaxDeviceAddresses = 256  // ip_addresses, and mac_addresses
	MaxDeviceZones     = 1000 // zones, and a change's add_zone_ids and remove_zone_ids
)

// DeviceRegistration is what an agent reports when it registers.
type DeviceRegistration struct {
	Name              string
	HostName          string
	OSVersion         string
	OSKernelVersion   string
	AgentVersion      string
	IPAddresses       []string
	MACAddresses      []string
	LastLoggedInUser  string
	DistinguishedName string
	State             string   // Online (default) or Offline
	Zones             []string // ids of zones to join
}

// NewDevice validates a registration and returns the device it describes.
func NewDevice(tenantID uuid.UUID, reg DeviceRegistration, now time.Time) (*Device, error) {
	d := &Device{
		ID: uuid.New(), TenantID: tenantID, HostName: strings.TrimSpace(reg.HostName),
		Name: strings.TrimSpace(reg.Name), OSVersion: reg.OSVersion, OSKernelVersion: reg.OSKernelVersion,
		AgentVersion: reg.AgentVersion, LastLoggedInUser: reg.LastLoggedInUser, DistinguishedName: reg.DistinguishedName,
		State: Online, Policy: Policy{ID: DefaultPolicyID, Name: "Default"}, Registered: now, Modified: now, IsSafe: true,
		IPAddresses: []string{}, MACAddresses: []string{},
	}
	if d.HostName == "" {
		return nil, FieldErrorf("host_name", "host_name is required")
	}
	if d.Name == "" {
		d.Name = d.HostName
	}
	if reg.State != "" {
		st, ok := ParseDeviceState(reg.State)
		if !ok {
			return nil, FieldErrorf("state", "%q is not a state: use Online or Offline", reg.State)
		}
		d.SetState(st, now)
	}
	for _, list := range []struct {
		field  string
		n, max int
	}{{"ip_addresses", len(reg.IPAddresses), MaxDeviceAddresses}, {"mac_addresses", len(reg.MACAddresses), MaxDeviceAddresses},
		{"zones", len(reg.Zones), MaxDeviceZones}} {
		if err := CheckLength(list.field, list.n, list.max); err != nil {
			return nil, err
		}
	}
	for i, s := range reg.IPAddresses {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return nil, FieldErrorf(fmt.Sprintf("ip_addresses[%d]", i), "%q is not an IP address", s)
		}
		d.IPAddresses = append(d.IPAddresses, ip.String())
	}
	zoneIDs, err := ParseIDList("zones", "zone", reg.Zones)
	if err != nil {
		return nil, err
	}
	for _, id := range zoneIDs {
		d.Zones = append(d.Zones, Zone{ID: id})
	}
	for i, s := range reg.MACAddresses {
		mac, ok := ParseMAC(s)
		if !ok {
			return nil, FieldErrorf(fmt.Sprintf("mac_addresses[%d]", i), "%q is not a MAC address", s)
		}
		d.MACAddresses = append(d.MACAddresses, mac)
	}
	return d, nil
}

// SetState moves the device online or offline, recording when it went
// offline.
func (d *Device) SetState(st DeviceState, now time.Time) {
	if st == d.State && (st == Online || d.Offline != nil) {
		return
	}
	d.State, d.Modified = st, now
	if st == Offline {
		d.Offline = &now
	} else {
		d.Offline = nil
	}
}

// ParseMAC accepts a MAC address with "-" or ":" separators (or none), in
// any case, and returns it as the API shows it: AA-BB-CC-DD-EE-FF.
func ParseMAC(s string) (string, bool) {
	hex := macSeparators.Replace(strings.ToUpper(strings.TrimSpace(s)))
	if len(hex) != 12 {
		return "", false
	}
	var b strings.Builder
	for i := 0; i < 12; i += 2 {
		if !isHex(hex[i]) || !isHex(hex[i+1]) {
			return "", false
		}
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(hex[i : i+2])
	}
	return b.String(), true
}

// macSeparators is built once: a Replacer builds its tables on first use,
// which was an eighth of a seed's CPU when made per call.
var macSeparators = strings.NewReplacer("-", "", ":", "", ".", "")

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }
