package controlapi

import (
	"cmp"
	"fmt"
	"net/http"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/store"
)

// maxSeedDevices bounds one seed request, so that it finishes well within
// the server's write timeout; larger tenants are seeded in several
// requests with different seeds. Sightings, memory events and detections
// are bounded at ten times as many.
const maxSeedDevices = 100_000

// seedRequest: threats counts distinct threats (files), as GET /threats/v2
// does; sightings, how often they are found (0: four per threat).
type seedRequest struct {
	Devices      int    `json:"devices"`
	Threats      int    `json:"threats"`
	Sightings    int    `json:"sightings"`
	MemoryEvents int    `json:"memory_events"`
	Detections   int    `json:"detections"`
	Seed         uint64 `json:"seed"`
}

type seedResponse struct {
	Policies     int `json:"policies"`
	Zones        int `json:"zones"`
	Devices      int `json:"devices"`
	Threats      int `json:"threats"`
	Sightings    int `json:"sightings"`
	MemoryEvents int `json:"memory_events"`
	Detections   int `json:"detections"`
	Suppressed   int `json:"suppressed"`
}

// SeedTenant is POST /control/v1/tenants/{tenant}/seed: the agents of a
// tenant report a realistic fleet at once, made by the same generator as
// "wolfden seed". The answer counts what was made.
func (s *Handlers) SeedTenant(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req := seedRequest{Seed: 1}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	var sightingsNote string
	if req.Sightings == 0 {
		sightingsNote = fmt.Sprintf(" (it is %d: four per threat, unless given)", seed.DefaultSightings(req.Threats))
	}
	for _, count := range []struct {
		field string
		n     int
		limit int
		note  string
	}{
		{"devices", req.Devices, maxSeedDevices, ""},
		{"threats", req.Threats, 10 * maxSeedDevices, ""},
		{"sightings", cmp.Or(req.Sightings, seed.DefaultSightings(req.Threats)), 10 * maxSeedDevices, sightingsNote},
		{"memory_events", req.MemoryEvents, 10 * maxSeedDevices, ""},
		{"detections", req.Detections, 10 * maxSeedDevices, ""},
	} {
		if count.n < 0 || count.n > count.limit {
			return wolfden.FieldErrorf(count.field, "%s must be between 0 and %d in one request%s", count.field, count.limit, count.note)
		}
	}
	sum, err := seed.Run(r.Context(), t, seed.Plan{
		Devices: req.Devices, Threats: req.Threats, Sightings: req.Sightings, MemoryEvents: req.MemoryEvents,
		Detections: req.Detections, Seed: req.Seed, Now: s.Now(),
	}, nil)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newSeedResponse(sum))
	return nil
}

func newSeedResponse(sum seed.Summary) seedResponse {
	return seedResponse{
		Policies: sum.Policies, Zones: sum.Zones, Devices: sum.Devices, Threats: sum.Threats, Sightings: sum.Sightings,
		MemoryEvents: sum.MemoryEvents, Detections: sum.Detections, Suppressed: sum.Suppressed,
	}
}
