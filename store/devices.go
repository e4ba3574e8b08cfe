package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// DeviceStore holds a tenant's devices.
type DeviceStore interface {
	// CreateDevices stores devices, and their memberships of d.Zones, in
	// one transaction; ENotFound when a zone does not exist.
	CreateDevices(ctx context.Context, devices ...*wolfden.Device) error
	Device(ctx context.Context, id uuid.UUID) (*wolfden.Device, error)
	// Devices lists devices, newest registration first; detailed fills in
	// each device's zones and IsSafe, as single reads do.
	Devices(ctx context.Context, page wolfden.PageRequest, detailed bool) (wolfden.Page[wolfden.Device], error)
	// ResetAgentData removes everything the tenant's agents reported:
	// devices, their threats, memory-protection events and deletion
	// requests. Users, zones, policies and global lists stay.
	ResetAgentData(ctx context.Context) error
	// ProductCounts counts devices per product and version.
	ProductCounts(ctx context.Context) ([]ProductCount, error)
	// DevicesByHostName finds the devices with a host name, case-insensitively.
	DevicesByHostName(ctx context.Context, host string) ([]wolfden.Device, error)
	// DevicesByMAC finds the devices with a MAC address (AA-BB-CC-DD-EE-FF).
	DevicesByMAC(ctx context.Context, mac string) ([]wolfden.Device, error)
	// UpdateDevice applies change to the stored device atomically,
	// including its zones; ENotFound when a policy or zone it names does
	// not exist. change may run more than once (when another update came
	// first, it runs again on a fresh read), so it must depend on nothing
	// but the device it is given.
	UpdateDevice(ctx context.Context, id uuid.UUID, change func(*wolfden.Device) error) (*wolfden.Device, error)
	// ZoneDevices lists a zone's devices, newest registration first;
	// ENotFound when the zone does not exist.
	ZoneDevices(ctx context.Context, zoneID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.Device], error)
	// DeviceZones lists the zones of a device by name; ENotFound when the
	// device does not exist.
	DeviceZones(ctx context.Context, deviceID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.Zone], error)
}

// ProductCount is how many devices run one version of a product.
type ProductCount struct {
	Product string
	Version string
	Devices int
}
