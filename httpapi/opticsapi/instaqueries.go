package opticsapi

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var instaQueryPages = rest.PageLimits{Default: 10, Max: 200}

// instaQueryJSON is an InstaQuery; ids are upper-case without hyphens.
type instaQueryJSON struct {
	ID               string                   `json:"id"`
	Name             string                   `json:"name"`
	Description      string                   `json:"description"`
	Artifact         string                   `json:"artifact"`
	MatchValueType   string                   `json:"match_value_type"`
	MatchValues      []string                 `json:"match_values"`
	CaseSensitive    bool                     `json:"case_sensitive"`
	MatchType        string                   `json:"match_type"`
	Zones            []string                 `json:"zones"`
	Filters          []agentsim.QueryFilter   `json:"filters"`
	Relations        []agentsim.QueryRelation `json:"relations"`
	CreatedAt        rest.Rfc3339             `json:"created_at"`
	Progress         progressJSON             `json:"progress"`
	ResultsAvailable bool                     `json:"results_available"`
	ArchivedAt       *rest.Rfc3339            `json:"archived_at"`
}

// progressJSON is {} until an agent has answered, then {queried, responded}.
type progressJSON struct {
	Queried   *int `json:"queried,omitempty"`
	Responded *int `json:"responded,omitempty"`
}

func (s *Handlers) NewInstaQueryJSON(q *agentsim.InstaQuery) instaQueryJSON {
	out := instaQueryJSON{ID: wolfden.OpticsID(q.ID), Name: q.Name, Description: q.Description, Artifact: q.Artifact,
		MatchValueType: q.MatchValueType, MatchValues: q.MatchValues, CaseSensitive: q.CaseSensitive, MatchType: q.MatchType,
		Zones: make([]string, len(q.Zones)), Filters: q.Filters, Relations: q.Relations, CreatedAt: rest.Rfc3339(q.Created)}
	for i, z := range q.Zones {
		out.Zones[i] = wolfden.OpticsID(z)
	}
	if p := q.Progress(s.Agents, s.Now()); p.Responded > 0 {
		out.Progress = progressJSON{Queried: &p.Queried, Responded: &p.Responded}
		out.ResultsAvailable = true
	}
	if q.Archived != nil {
		out.ArchivedAt = new(rest.Rfc3339(*q.Archived))
	}
	return out
}

type instaQueryRequest struct {
	Name           string                   `json:"name"`
	Description    string                   `json:"description"`
	Artifact       string                   `json:"artifact"`
	MatchValueType string                   `json:"match_value_type"`
	MatchValues    []string                 `json:"match_values"`
	CaseSensitive  bool                     `json:"case_sensitive"`
	MatchType      string                   `json:"match_type"`
	Zones          []string                 `json:"zones"`
	Filters        []agentsim.QueryFilter   `json:"filters"`
	Relations      []agentsim.QueryRelation `json:"relations"`
}

func (s *Handlers) CreateInstaQuery(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req instaQueryRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	q, err := agentsim.NewInstaQuery(t.TenantID(), agentsim.InstaQueryRequest(req), s.Now())
	if err != nil {
		return err
	}
	if err := t.CreateInstaQuery(r.Context(), q); err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.NewInstaQueryJSON(q))
	return nil
}

// ListInstaQueries answers the queries newest first. q searches name,
// description and values in any case; archived=true lists only archived
// queries, false only the others; originated-from keeps the queries with a
// relation to that object.
func (s *Handlers) ListInstaQueries(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, instaQueryPages)
	if err != nil {
		return err
	}
	query := r.URL.Query()
	filter := agentsim.InstaQueryFilter{Search: query.Get("q"), OriginatedFrom: query.Get("originated-from")}
	if query.Has("archived") {
		archived, err := strconv.ParseBool(query.Get("archived"))
		if err != nil {
			return wolfden.FieldErrorf("archived", "archived must be true or false, not %q", query.Get("archived"))
		}
		filter.Archived = &archived
	}
	page, err := t.InstaQueries(r.Context(), filter, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, s.NewInstaQueryJSON))
	return nil
}

func instaQueryID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "query", "InstaQuery") }

func (s *Handlers) GetInstaQuery(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := instaQueryID(r)
	if err != nil {
		return err
	}
	q, err := t.InstaQuery(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.NewInstaQueryJSON(q))
	return nil
}

// instaQueryResultsJSON follows XSOAR's test fixture, not the vendor's
// table: lower-case keys, and each row's Result a JSON-encoded string
// (docs/api/instaquery.md).
type instaQueryResultsJSON struct {
	ID     string              `json:"id"`
	Status string              `json:"status"`
	Result []instaQueryRowJSON `json:"result"`
}

type instaQueryRowJSON struct {
	Timestamp     float64 `json:"@timestamp"`
	Version       string  `json:"@version"`
	HostName      string  `json:"HostName"`
	DeviceID      string  `json:"DeviceId"`
	CorrelationID string  `json:"CorrelationId"`
	Result        string  `json:"Result"`
}

// GetInstaQueryResults answers one row per matching artifact of each
// device that has answered, devices by host name; @timestamp is when they
// answered.
func (s *Handlers) GetInstaQueryResults(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := instaQueryID(r)
	if err != nil {
		return err
	}
	q, err := t.InstaQuery(r.Context(), id)
	if err != nil {
		return err
	}
	p := q.Progress(s.Agents, s.Now())
	type answer struct {
		device    *wolfden.Device
		artifacts []agentsim.Artifact
	}
	answers := make([]answer, 0, len(p.Responders))
	for _, deviceID := range p.Responders {
		d, artifacts, err := observed(r.Context(), t, deviceID)
		if wolfden.CodeOf(err) == wolfden.ENotFound {
			continue // deleted since its targets were read
		}
		if err != nil {
			return err
		}
		answers = append(answers, answer{d, artifacts})
	}
	slices.SortFunc(answers, func(a, b answer) int {
		return cmp.Or(strings.Compare(strings.ToLower(a.device.HostName), strings.ToLower(b.device.HostName)),
			strings.Compare(a.device.ID.String(), b.device.ID.String()))
	})
	out := instaQueryResultsJSON{ID: wolfden.OpticsID(q.ID), Status: p.Status, Result: []instaQueryRowJSON{}}
	answered := unixSeconds(s.Agents.Completes(q.Created))
	for _, a := range answers {
		for i := range a.artifacts {
			if !q.Matches(&a.artifacts[i]) {
				continue
			}
			result, err := json.Marshal(newArtifactJSON(&a.artifacts[i]))
			if err != nil {
				return err
			}
			out.Result = append(out.Result, instaQueryRowJSON{Timestamp: answered, Version: "1", HostName: a.device.HostName,
				DeviceID: wolfden.OpticsID(a.device.ID), CorrelationID: out.ID, Result: string(result)})
		}
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// ArchiveInstaQuery archives a query: 200 with an empty body
// (docs/api/instaquery.md). Archiving it again changes nothing.
func (s *Handlers) ArchiveInstaQuery(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := instaQueryID(r)
	if err != nil {
		return err
	}
	if err := t.ArchiveInstaQuery(r.Context(), id, s.Now()); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
