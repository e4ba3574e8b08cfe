package api

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

var zonePages = pageLimits{def: 10, max: 200}

// zoneJSON is the zone object of zones.md.
type zoneJSON struct {
	ID           string     `json:"id"`
	Name         string     `json:"name"`
	PolicyID     string     `json:"policy_id"`
	Criticality  string     `json:"criticality"`
	UpdateType   string     `json:"update_type"`
	ZoneRuleID   *string    `json:"zone_rule_id"`
	DateCreated  isoSeconds `json:"date_created"`
	DateModified isoSeconds `json:"date_modified"`
}

func newZoneJSON(z *wolfden.Zone) zoneJSON {
	return zoneJSON{
		ID: z.ID.String(), Name: z.Name, PolicyID: z.PolicyID.String(), Criticality: string(z.Criticality),
		UpdateType: z.UpdateType, ZoneRuleID: z.ZoneRuleID,
		DateCreated: isoSeconds(z.Created), DateModified: isoSeconds(z.Modified),
	}
}

// zoneCreatedJSON is the create response: fewer members, and the date in
// .NET's long form (zones.md).
type zoneCreatedJSON struct {
	ID          string    `json:"id"`
	Name        string    `json:"name"`
	PolicyID    string    `json:"policy_id"`
	Criticality string    `json:"criticality"`
	DateCreated dotNetUTC `json:"date_created"`
}

type zoneRequest struct {
	Name        *string `json:"name"`
	PolicyID    *string `json:"policy_id"`
	Criticality *string `json:"criticality"`
}

func (req *zoneRequest) change() wolfden.ZoneChange {
	return wolfden.ZoneChange{Name: req.Name, PolicyID: req.PolicyID, Criticality: req.Criticality}
}

func (s *Server) createZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req zoneRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	z, err := wolfden.NewZone(t.TenantID(), req.change(), s.now())
	if err != nil {
		return err
	}
	if err := t.CreateZone(r.Context(), z); err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, zoneCreatedJSON{
		ID: z.ID.String(), Name: z.Name, PolicyID: z.PolicyID.String(), Criticality: string(z.Criticality),
		DateCreated: dotNetUTC(z.Created),
	})
	return nil
}

func (s *Server) listZones(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := parsePage(r, zonePages)
	if err != nil {
		return err
	}
	page, err := t.Zones(r.Context(), req)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newPageEnvelope(req, page, newZoneJSON))
	return nil
}

// zoneID resolves the {zone} path segment; a malformed id is an unknown zone.
func zoneID(r *http.Request) (uuid.UUID, error) { return pathID(r, "zone", "zone") }

func (s *Server) getZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := zoneID(r)
	if err != nil {
		return err
	}
	z, err := t.Zone(r.Context(), id)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, newZoneJSON(z))
	return nil
}

// updateZone answers 200 with an empty body, as the spec documents.
func (s *Server) updateZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := zoneID(r)
	if err != nil {
		return err
	}
	var req zoneRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	change, now := req.change(), s.now()
	if _, err := t.UpdateZone(r.Context(), id, func(z *wolfden.Zone) error { return change.Apply(z, now) }); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}

func (s *Server) deleteZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := zoneID(r)
	if err != nil {
		return err
	}
	if err := t.DeleteZone(r.Context(), id); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}
