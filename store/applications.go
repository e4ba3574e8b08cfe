package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// ApplicationStore holds a tenant's API applications.
type ApplicationStore interface {
	// CreateApplication stores app; ENotFound when the tenant does not exist.
	CreateApplication(ctx context.Context, app *wolfden.Application) error
	Application(ctx context.Context, id uuid.UUID) (*wolfden.Application, error)
	// Applications lists the tenant's applications, oldest first, then by
	// name.
	Applications(ctx context.Context) ([]wolfden.Application, error)
	// UseTokenID records that the auth token jti of application appID was
	// exchanged at now; EConflict when it already was and that token has
	// not expired.
	UseTokenID(ctx context.Context, appID uuid.UUID, jti string, now, expires time.Time) error
}
