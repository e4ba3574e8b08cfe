package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

// PolicyStore holds a tenant's device policies.
type PolicyStore interface {
	// CreatePolicy stores p; EConflict when its name is in use
	// (case-insensitively).
	CreatePolicy(ctx context.Context, p *policy.DevicePolicy) error
	DevicePolicy(ctx context.Context, id uuid.UUID) (*policy.DevicePolicy, error)
	// Policies lists policies by name, with their device and zone counts.
	Policies(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[policy.Summary], error)
	// PolicySummary finds one policy's summary.
	PolicySummary(ctx context.Context, id uuid.UUID) (*policy.Summary, error)
	// UpdatePolicy applies change to the stored policy atomically and
	// stores the result, with the same errors as CreatePolicy.
	UpdatePolicy(ctx context.Context, id uuid.UUID, change func(*policy.DevicePolicy) error) (*policy.DevicePolicy, error)
	// DeletePolicies deletes policies, all or none, moving the devices and
	// zones that use them to the Default policy. ENotFound naming a policy
	// that does not exist; EInvalid for the Default policy.
	DeletePolicies(ctx context.Context, ids []uuid.UUID) error
}
