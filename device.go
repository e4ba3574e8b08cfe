package wolfden

import (
	"fmt"
	"net/netip"
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
	for _, st := range []DeviceState{Online, Offline} {
		if strings.EqualFold(s, string(st)) {
			return st, true
		}
	}
	return "", false
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
}

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
	State             string // Online (default) or Offline
}

// NewDevice validates a registration and returns the device it describes.
func NewDevice(tenantID uuid.UUID, reg DeviceRegistration, now time.Time) (*Device, error) {
	d := &Device{
		ID: uuid.New(), TenantID: tenantID, HostName: strings.TrimSpace(reg.HostName),
		Name: strings.TrimSpace(reg.Name), OSVersion: reg.OSVersion, OSKernelVersion: reg.OSKernelVersion,
		AgentVersion: reg.AgentVersion, LastLoggedInUser: reg.LastLoggedInUser, DistinguishedName: reg.DistinguishedName,
		State: Online, Policy: Policy{ID: DefaultPolicyID, Name: "Default"}, Registered: now, Modified: now,
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
	for i, s := range reg.IPAddresses {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return nil, FieldErrorf(fmt.Sprintf("ip_addresses[%d]", i), "%q is not an IP address", s)
		}
		d.IPAddresses = append(d.IPAddresses, ip.String())
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
	hex := strings.NewReplacer("-", "", ":", "", ".", "").Replace(strings.ToUpper(strings.TrimSpace(s)))
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

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'A' && c <= 'F' }
