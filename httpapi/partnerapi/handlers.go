// Package partnerapi serves the partner (Multi-Tenant Console) API under
// /public/v2/{region}: its own token exchange, tenants, policy templates,
// partner users and usage reports (docs/api/partner.md).
package partnerapi

import "github.com/wolfden/wolfden/httpapi/rest"

// Handlers serve the routes of this surface; httpapi's route table names
// them.
type Handlers struct{ *rest.Core }

// New returns the surface's handlers on core.
func New(core *rest.Core) *Handlers { return &Handlers{core} }
