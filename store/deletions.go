package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// DeletionRef names a device deletion of some tenant.
type DeletionRef struct {
	TenantID  uuid.UUID
	RequestID uuid.UUID
}

// DeletionStore holds a tenant's device deletion requests.
type DeletionStore interface {
	RequestDeviceDeletion(ctx context.Context, d *wolfden.DeviceDeletion) error
	// CompleteDeviceDeletion deletes the request's devices (those of the
	// tenant that still exist) and marks it completed at now; completing
	// a completed request changes nothing. completed reports whether this
	// call completed it, so that of several callers (a server's queue and
	// its sweep, servers sharing a database) exactly one sends its
	// callback. ENotFound for an unknown request.
	CompleteDeviceDeletion(ctx context.Context, id uuid.UUID, now time.Time) (d *wolfden.DeviceDeletion, completed bool, err error)
}
