package store

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
)

// Store is wolfden's persistence. Server-wide records (tenants, the signing
// key) are reached directly; everything a tenant owns only through
// ForTenant, whose implementation scopes every statement by tenant id. That
// is where tenant isolation is enforced: a handler holding one tenant's
// TenantStore cannot name another tenant's rows.
//
// Errors are *wolfden.Error values with ENotFound, EConflict or EInvalid where a
// caller can act on them; anything else is unexpected.
type Store interface {
	// CreateTenant stores t, its Default policy and its first application.
	// A name already in use, compared case-insensitively, is EConflict and
	// changes nothing.
	CreateTenant(ctx context.Context, t *wolfden.Tenant, app *wolfden.Application) error
	// CountTenants counts the tenants of the server.
	CountTenants(ctx context.Context) (int, error)
	// Tenant finds a tenant; ENotFound when there is none.
	Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error)
	// Tenants lists the server's tenants by name.
	Tenants(ctx context.Context) ([]wolfden.Tenant, error)
	// DeleteTenant deletes a tenant and everything it owns; ENotFound when
	// there is none.
	DeleteTenant(ctx context.Context, id uuid.UUID) error
	// ResetServer deletes every tenant, partner and signing key: the
	// database is as on its first start.
	ResetServer(ctx context.Context) error
	// ExportTenant dumps a tenant's state; ENotFound when there is none.
	ExportTenant(ctx context.Context, id uuid.UUID) (*TenantDump, error)
	// ImportTenant stores a dumped tenant under its own id, and its own
	// name unless name is given, in one transaction: EInvalid when the dump
	// is not of this schema version or names a table, column or tenant it
	// may not; EConflict when the id or the name is in use.
	ImportTenant(ctx context.Context, dump *TenantDump, name string) (*wolfden.Tenant, error)
	// ResetTenant empties a tenant as if it were new, keeping only its
	// applications: its Default policy is made again at now. ENotFound
	// when there is none.
	ResetTenant(ctx context.Context, id uuid.UUID, now time.Time) error

	// SigningKey returns the current access-token key, storing candidate
	// first when there is none yet.
	SigningKey(ctx context.Context, candidate wolfden.SigningKey) (wolfden.SigningKey, error)
	// RotateSigningKey replaces the current key with key.
	RotateSigningKey(ctx context.Context, key wolfden.SigningKey) error
	// PurgeTokenIDs forgets used auth-token ids that expired before t.
	PurgeTokenIDs(ctx context.Context, t time.Time) (int64, error)
	// PendingDeviceDeletions lists the device deletions of every tenant
	// that have not completed, oldest first.
	PendingDeviceDeletions(ctx context.Context) ([]DeletionRef, error)
	// TenantsRemovingInactiveDevices lists the tenants whose lifecycle
	// settings remove inactive devices.
	TenantsRemovingInactiveDevices(ctx context.Context) ([]uuid.UUID, error)

	// CreatePartner stores p and its first application; EConflict when
	// the name is in use (case-insensitively).
	CreatePartner(ctx context.Context, p *partner.Partner, app *partner.Application) error
	// PartnerApplication finds a partner application; ENotFound when unknown.
	PartnerApplication(ctx context.Context, id uuid.UUID) (*partner.Application, error)
	// ForPartner returns the view of one partner's tenants.
	ForPartner(id uuid.UUID) PartnerStore

	// ForTenant returns the view of one tenant's data. It does not check
	// that the tenant exists: operations on an unknown tenant find nothing.
	ForTenant(id uuid.UUID) TenantStore

	// Ready reports whether the database answers and holds the schema this
	// server brought it to (GET /readyz).
	Ready(ctx context.Context) error
	Close() error
}

// TenantStore is everything one tenant owns.
type TenantStore interface {
	TenantID() uuid.UUID
	ApplicationStore
	UserStore
	ZoneStore
	GlobalListStore
	DeviceStore
	ThreatStore
	MemoryEventStore
	DeletionStore
	LifecycleStore
	PolicyStore
	DetectionRuleStore
	RuleSetStore
	DetectionStore
	SurveyStore
	DeviceCommandStore
	PackageStore
}
