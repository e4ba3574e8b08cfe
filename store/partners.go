package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/policy"
)

// PartnerStore is what one partner reaches: its own tenants, never
// another partner's. A partner creates tenants through Store.CreateTenant
// with Tenant.PartnerID set.
type PartnerStore interface {
	PartnerID() uuid.UUID
	// Tenants lists the partner's tenants by name.
	Tenants(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.Tenant], error)
	// Tenant finds one of the partner's tenants; ENotFound for any other.
	Tenant(ctx context.Context, id uuid.UUID) (*wolfden.Tenant, error)

	// CreatePolicyTemplate stores t; EConflict when its name is in use
	// among the partner's templates (case-insensitively).
	CreatePolicyTemplate(ctx context.Context, t *policy.Template) error
	PolicyTemplate(ctx context.Context, id uuid.UUID) (*policy.Template, error)
	// PolicyTemplates lists the partner's templates by name.
	PolicyTemplates(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[policy.Template], error)
	// UpdatePolicyTemplate applies change atomically, with CreatePolicyTemplate's errors.
	UpdatePolicyTemplate(ctx context.Context, id uuid.UUID, change func(*policy.Template) error) (*policy.Template, error)
	DeletePolicyTemplate(ctx context.Context, id uuid.UUID) error
	// ApplyPolicyTemplate applies one of the partner's templates to some
	// of its tenants, each in a transaction of its own. apply is given the
	// tenant's policy named as the template's document (nil when none) and
	// returns the policy to store. A tenant that is not the partner's, or
	// whose policy apply refuses, changes nothing and is reported in its
	// result; the others go on. ENotFound when the template is not the
	// partner's.
	ApplyPolicyTemplate(ctx context.Context, templateID uuid.UUID, tenants []uuid.UUID,
		apply func(t *policy.Template, tenantID uuid.UUID, current *policy.DevicePolicy) (*policy.DevicePolicy, error)) ([]policy.TemplateApplication, error)

	// CreatePartnerUser stores u; EConflict when its e-mail is in use
	// among the partner's users (case-insensitively).
	CreatePartnerUser(ctx context.Context, u *partner.User) error
	PartnerUser(ctx context.Context, id uuid.UUID) (*partner.User, error)
	// PartnerUsers lists the partner's users by e-mail.
	PartnerUsers(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[partner.User], error)
	// UpdatePartnerUser applies change atomically, with CreatePartnerUser's errors.
	UpdatePartnerUser(ctx context.Context, id uuid.UUID, change func(*partner.User) error) (*partner.User, error)
	DeletePartnerUser(ctx context.Context, id uuid.UUID) error

	// TenantUsage lists the partner's tenants by name with their device
	// counts.
	TenantUsage(ctx context.Context) ([]partner.TenantUsage, error)
	// CreateReportRun stores run and drops the partner's runs older than
	// the MaxReportRuns newest.
	CreateReportRun(ctx context.Context, run *partner.ReportRun) error
	// ReportRun finds one of the partner's runs, with its file.
	ReportRun(ctx context.Context, id uuid.UUID) (*partner.ReportRun, error)
	// ReportRuns lists the partner's runs, newest first, without files.
	ReportRuns(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[partner.ReportRun], error)
}
