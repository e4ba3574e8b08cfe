package opticsapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var focusViewPages = rest.PageLimits{Default: 10, Max: 200}

// focusViewJSON is a focus view; ids are upper-case without hyphens, and
// status is pending, running or done as the device's agent progresses.
type focusViewJSON struct {
	ID              string       `json:"id"`
	DeviceID        string       `json:"device_id"`
	ArtifactType    string       `json:"artifact_type"`
	ArtifactSubtype string       `json:"artifact_subtype"`
	Value           string       `json:"value"`
	ThreatType      string       `json:"threat_type"`
	Description     string       `json:"description"`
	Status          string       `json:"status"`
	CreatedAt       rest.Rfc3339 `json:"created_at"`
}

func (s *Handlers) NewFocusViewJSON(v *agentsim.FocusView) focusViewJSON {
	return focusViewJSON{ID: wolfden.OpticsID(v.ID), DeviceID: wolfden.OpticsID(v.DeviceID), ArtifactType: v.ArtifactType,
		ArtifactSubtype: v.ArtifactSubtype, Value: v.Value, ThreatType: v.ThreatType, Description: v.Description,
		Status: agentsim.SurveyStatus(v.State(s.Agents, s.Now())), CreatedAt: rest.Rfc3339(v.Created)}
}

type focusViewRequest struct {
	DeviceID        string `json:"device_id"`
	ArtifactType    string `json:"artifact_type"`
	ArtifactSubtype string `json:"artifact_subtype"`
	Value           string `json:"value"`
	ThreatType      string `json:"threat_type"`
	Description     string `json:"description"`
}

func (s *Handlers) CreateFocusView(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req focusViewRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	v, err := agentsim.NewFocusView(t.TenantID(), agentsim.FocusViewRequest(req), s.Now())
	if err != nil {
		return err
	}
	if err := t.CreateFocusView(r.Context(), v); err != nil {
		return err
	}
	if v, err = t.FocusView(r.Context(), v.ID); err != nil { // with its device's state
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.NewFocusViewJSON(v))
	return nil
}

// ListFocusViews answers the views newest first; q searches description,
// value, artifact and threat type in any case.
func (s *Handlers) ListFocusViews(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, focusViewPages)
	if err != nil {
		return err
	}
	page, err := t.FocusViews(r.Context(), r.URL.Query().Get("q"), req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, s.NewFocusViewJSON))
	return nil
}

func focusViewID(r *http.Request) (uuid.UUID, error) { return rest.PathID(r, "focus", "focus view") }

func (s *Handlers) GetFocusView(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := focusViewID(r)
	if err != nil {
		return err
	}
	v, err := t.FocusView(r.Context(), id)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, s.NewFocusViewJSON(v))
	return nil
}

// focusResultsJSON is the collected graph, with the view's id and status:
// until the agent is done, the graph is empty.
type focusResultsJSON struct {
	ID        string           `json:"id"`
	Status    string           `json:"status"`
	Artifacts []artifactJSON   `json:"artifacts"`
	Events    []focusEventJSON `json:"events"`
}

type focusEventJSON struct {
	UID            string `json:"Uid"`
	Type           string `json:"Type"`
	Verb           string `json:"Verb"`
	SourceUID      string `json:"SourceUid"`
	TargetUID      string `json:"TargetUid"`
	OccurrenceTime string `json:"OccurrenceTime"`
}

func (s *Handlers) GetFocusViewResults(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := focusViewID(r)
	if err != nil {
		return err
	}
	v, err := t.FocusView(r.Context(), id)
	if err != nil {
		return err
	}
	state := v.State(s.Agents, s.Now())
	out := focusResultsJSON{ID: wolfden.OpticsID(v.ID), Status: agentsim.SurveyStatus(state), Artifacts: []artifactJSON{},
		Events: []focusEventJSON{}}
	if state == agentsim.CommandCompleted {
		d, artifacts, err := observed(r.Context(), t, v.DeviceID)
		if err != nil {
			return err
		}
		g := v.Graph(d, artifacts)
		for i := range g.Artifacts {
			out.Artifacts = append(out.Artifacts, newArtifactJSON(&g.Artifacts[i]))
		}
		for _, e := range g.Events {
			out.Events = append(out.Events, focusEventJSON{UID: e.UID, Type: e.Type, Verb: e.Verb, SourceUID: e.SourceUID,
				TargetUID: e.TargetUID, OccurrenceTime: e.Occurred.UTC().Format(agentsim.ArtifactTimeLayout)})
		}
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// maxFocusSearch bounds the artifacts of one search.
const maxFocusSearch = 100

// SearchFocusViews is POST /foci/v2/search with [{uid, device_id}]: the
// views of those artifacts on those devices, newest first, as an array. A
// UID matches in its base64 or hexadecimal form.
func (s *Handlers) SearchFocusViews(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req []struct {
		UID      string `json:"uid"`
		DeviceID string `json:"device_id"`
	}
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	if len(req) > maxFocusSearch {
		return wolfden.Errorf(wolfden.EInvalid, "at most %d artifacts per search, not %d", maxFocusSearch, len(req))
	}
	refs := make([]agentsim.FocusRef, len(req))
	for i, item := range req {
		if strings.TrimSpace(item.UID) == "" {
			return wolfden.FieldErrorf(fmt.Sprintf("[%d].uid", i), "uid is required")
		}
		id, ok := wolfden.ParseID(strings.TrimSpace(item.DeviceID))
		if !ok {
			return wolfden.FieldErrorf(fmt.Sprintf("[%d].device_id", i), "%q is not a device id", item.DeviceID)
		}
		refs[i] = agentsim.FocusRef{DeviceID: id, Key: agentsim.ArtifactKey(item.UID)}
	}
	views, err := t.FindFocusViews(r.Context(), refs)
	if err != nil {
		return err
	}
	out := make([]focusViewJSON, len(views))
	for i := range views {
		out[i] = s.NewFocusViewJSON(&views[i])
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}
