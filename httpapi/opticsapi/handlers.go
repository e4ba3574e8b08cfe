// Package opticsapi serves the CylanceOPTICS surface of the tenant API:
// detection rules, exceptions, rule sets, OPTICS policies, detections,
// InstaQueries, focus views, device commands (lockdown, file retrieval),
// and packages with their executions (docs/api/).
package opticsapi

import "github.com/wolfden/wolfden/httpapi/rest"

// Handlers serve the routes of this surface; httpapi's route table names
// them.
type Handlers struct{ *rest.Core }

// New returns the surface's handlers on core.
func New(core *rest.Core) *Handlers { return &Handlers{core} }
