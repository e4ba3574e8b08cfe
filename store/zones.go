package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// ZoneStore holds a tenant's zones.
type ZoneStore interface {
	// CreateZone stores z. EConflict when the name is in use
	// (case-insensitively); ENotFound when its policy does not exist.
	CreateZone(ctx context.Context, z *wolfden.Zone) error
	Zone(ctx context.Context, id uuid.UUID) (*wolfden.Zone, error)
	// Zones lists zones by name.
	Zones(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.Zone], error)
	// UpdateZone applies change to the stored zone atomically, with the
	// same errors as CreateZone.
	UpdateZone(ctx context.Context, id uuid.UUID, change func(*wolfden.Zone) error) (*wolfden.Zone, error)
	// DeleteZone deletes a zone and its memberships and user roles, never
	// a device or a user.
	DeleteZone(ctx context.Context, id uuid.UUID) error
}
