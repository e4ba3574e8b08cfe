package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// ThreatStore holds the threats found on a tenant's devices.
type ThreatStore interface {
	// ReportThreats records threats found on devices, in one transaction
	// (ENotFound when a device does not exist); a repeated report of the
	// same file at the same path updates it.
	ReportThreats(ctx context.Context, threats ...*wolfden.DeviceThreat) error
	// Threats lists one row per hash, newest last_found first, optionally
	// only those last found within [from, to].
	Threats(ctx context.Context, from, to *time.Time, page wolfden.PageRequest) (wolfden.Page[wolfden.Threat], error)
	Threat(ctx context.Context, sha256 string) (*wolfden.Threat, error)
	// ThreatSample is Threat with the threat's Sample.
	ThreatSample(ctx context.Context, sha256 string) (*wolfden.Threat, error)
	// ThreatDevices lists where a threat was found; ENotFound when unknown.
	ThreatDevices(ctx context.Context, sha256 string, page wolfden.PageRequest) (wolfden.Page[ThreatSighting], error)
	// DeviceThreats lists the threats on a device; ENotFound when unknown.
	DeviceThreats(ctx context.Context, deviceID uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.DeviceThreat], error)
	// SetDeviceThreatStatus sets the status of a threat on a device at
	// every path; ENotFound when the device or the threat on it is unknown.
	SetDeviceThreatStatus(ctx context.Context, deviceID uuid.UUID, sha256 string, status wolfden.FileStatus) error
}

// ThreatSighting is a threat on a device, with the device.
type ThreatSighting struct {
	wolfden.DeviceThreat
	Device wolfden.Device
}
