package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

// DeviceCommandStore keeps the OPTICS device commands of a tenant's
// devices: lockdowns and file retrievals. A device's commands go with it.
type DeviceCommandStore interface {
	// Lockdown reads a device's lockdown state; ENotFound when the device
	// does not exist.
	Lockdown(ctx context.Context, deviceID uuid.UUID) (*agentsim.LockdownState, error)
	// UpdateLockdown applies change to a device's lockdown state
	// atomically, keeping the history it appends to.
	UpdateLockdown(ctx context.Context, deviceID uuid.UUID, change func(*agentsim.LockdownState) error) (*agentsim.LockdownState, error)

	// RequestFileRetrieval stores r, unless the device's latest retrieval
	// of the same path is one that reuse accepts: then it answers that one
	// and stores nothing. ENotFound when the device does not exist.
	RequestFileRetrieval(ctx context.Context, r *agentsim.FileRetrieval, reuse func(latest *agentsim.FileRetrieval) bool) (*agentsim.FileRetrieval, error)
	// FileRetrieval finds a retrieval by its correlation id.
	FileRetrieval(ctx context.Context, id uuid.UUID) (*agentsim.FileRetrieval, error)
	// LatestFileRetrieval finds the latest retrieval of a path (as
	// requested, exactly) on a device; ENotFound when there is none.
	LatestFileRetrieval(ctx context.Context, deviceID uuid.UUID, path string) (*agentsim.FileRetrieval, error)
	// FileRetrievals lists the tenant's retrievals, those whose path or
	// device host name contain search case-insensitively ("" for all), in
	// order (one of FileRetrievalSortFields).
	FileRetrievals(ctx context.Context, search string, order wolfden.SortOrder, page wolfden.PageRequest) (wolfden.Page[agentsim.FileRetrieval], error)
}
