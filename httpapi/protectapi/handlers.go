// Package protectapi serves the CylancePROTECT surface of the tenant API:
// the token exchange, users, zones, devices and their lifecycle, device
// deletions, global lists, policies, threats and their samples, memory
// protection, and the device installer (docs/api/).
package protectapi

import "github.com/wolfden/wolfden/httpapi/rest"

// Handlers serve the routes of this surface; httpapi's route table names
// them.
type Handlers struct{ *rest.Core }

// New returns the surface's handlers on core.
func New(core *rest.Core) *Handlers { return &Handlers{core} }
