package auth

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/store"
)

// Store is the storage the token exchange uses: tenants, the signing key,
// the partners' applications, and, through ForTenant, a tenant's
// applications and spent token ids (store.ApplicationStore). A
// store.Store is one.
type Store interface {
	Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error)
	SigningKey(ctx context.Context, candidate wolfden.SigningKey) (wolfden.SigningKey, error)
	RotateSigningKey(ctx context.Context, key wolfden.SigningKey) error
	PartnerApplication(ctx context.Context, id uuid.UUID) (*partner.Application, error)
	ForTenant(id uuid.UUID) store.TenantStore
}
