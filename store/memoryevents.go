package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// MemoryEventStore holds a tenant's memory-protection events.
type MemoryEventStore interface {
	// CreateMemoryEvents stores events in one transaction; ENotFound when
	// a device does not exist.
	CreateMemoryEvents(ctx context.Context, events ...*wolfden.MemoryEvent) error
	MemoryEvent(ctx context.Context, id uuid.UUID) (*wolfden.MemoryEvent, error)
	// MemoryEvents lists events newest first, optionally created within
	// [from, to] and on one device.
	MemoryEvents(ctx context.Context, from, to *time.Time, device *uuid.UUID, page wolfden.PageRequest) (wolfden.Page[wolfden.MemoryEvent], error)
}
