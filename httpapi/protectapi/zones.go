package protectapi

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var zonePages = rest.PageLimits{Default: 10, Max: 200}

// zoneJSON is a zone as list and get answer it (docs/api/zones.md).
type zoneJSON struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	PolicyID     string          `json:"policy_id"`
	Criticality  string          `json:"criticality"`
	UpdateType   string          `json:"update_type"`
	ZoneRuleID   *string         `json:"zone_rule_id"`
	DateCreated  rest.IsoSeconds `json:"date_created"`
	DateModified rest.IsoSeconds `json:"date_modified"`
}

func newZoneJSON(z *wolfden.Zone) zoneJSON {
	return zoneJSON{
		ID: z.ID.String(), Name: z.Name, PolicyID: z.PolicyID.String(), Criticality: string(z.Criticality),
		UpdateType: z.UpdateType, ZoneRuleID: z.ZoneRuleID,
		DateCreated: rest.IsoSeconds(z.Created), DateModified: rest.IsoSeconds(z.Modified),
	}
}

// zoneCreatedJSON is the create response: fewer members, and the date in
// .NET's long form (docs/api/zones.md).
type zoneCreatedJSON struct {
	ID          string         `json:"id"`
	Name        string         `json:"name"`
	PolicyID    string         `json:"policy_id"`
	Criticality string         `json:"criticality"`
	DateCreated rest.DotNetUTC `json:"date_created"`
}

type zoneRequest struct {
	Name        *string `json:"name"`
	PolicyID    *string `json:"policy_id"`
	Criticality *string `json:"criticality"`
}

func (req *zoneRequest) change() wolfden.ZoneChange {
	return wolfden.ZoneChange{Name: req.Name, PolicyID: req.PolicyID, Criticality: req.Criticality}
}

func (s *Handlers) CreateZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req zoneRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	z, err := wolfden.NewZone(t.TenantID(), req.change(), s.Now())
	if err != nil {
		return err
	}
	if err := t.CreateZone(r.Context(), z); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, zoneCreatedJSON{
		ID: z.ID.String(), Name: z.Name, PolicyID: z.PolicyID.String(), Criticality: string(z.Criticality),
		DateCreated: rest.DotNetUTC(z.Created),
	})
	return nil
}

func (s *Handlers) ListZones(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, zonePages)
	if err != nil {
		return err
	}
	page, err := t.Zones(r.Context(), req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newZoneJSON))
	return nil
}

// zoneID resolves the {zone} path segment; a malformed id is an unknown zone.
func zoneID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "zone", "zone") }

func (s *Handlers) GetZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := zoneID(r)
	if err != nil {
		return err
	}
	z, err := t.Zone(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, newZoneJSON(z))
	return nil
}

// UpdateZone answers 200 with an empty body (docs/api/zones.md).
func (s *Handlers) UpdateZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := zoneID(r)
	if err != nil {
		return err
	}
	var req zoneRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	change, now := req.change(), s.Now()
	if _, err := t.UpdateZone(r.Context(), id, func(z *wolfden.Zone) error { return change.Apply(z, now) }); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

func (s *Handlers) DeleteZone(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := zoneID(r)
	if err != nil {
		return err
	}
	if err := t.DeleteZone(r.Context(), id); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
