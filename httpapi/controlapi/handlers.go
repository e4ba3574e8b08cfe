// Package controlapi serves the control plane under /control/v1, which
// plays the endpoint agents: it creates and seeds tenants, registers
// devices, sets their state, and reports threats, memory-protection events
// and detections (docs/control-plane.md).
package controlapi

import (
	"github.com/wolfden/wolfden/httpapi/protectapi"
	"github.com/wolfden/wolfden/httpapi/rest"
)

// Handlers serve the control plane's routes; httpapi's route table names
// them. The control plane plays the agents and answers in the Protect
// API's shapes, which protect writes.
type Handlers struct {
	*rest.Core
	protect *protectapi.Handlers
}

// New returns the control plane's handlers on core.
func New(core *rest.Core) *Handlers { return &Handlers{Core: core, protect: protectapi.New(core)} }
