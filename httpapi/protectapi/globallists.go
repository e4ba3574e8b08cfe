package protectapi

import (
	"net/http"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/store"
)

var globalListPages = rest.PageLimits{Default: 10, Max: 200}

// globalListEntryJSON is a global list entry. What the tenant knows of the
// file (md5, name, classification, cylance_score) comes from its threats;
// for a hash it has never seen those members are empty or null, as the
// vendor leaves them for a file it does not know. av_industry is null, as
// on wolfden's threats.
type globalListEntryJSON struct {
	SHA256            string          `json:"sha256"`
	MD5               string          `json:"md5"`
	Name              string          `json:"name"`
	Classification    string          `json:"classification"`
	SubClassification string          `json:"sub_classification"`
	AVIndustry        *float64        `json:"av_industry"`
	CylanceScore      *float64        `json:"cylance_score"`
	ListType          string          `json:"list_type"`
	Category          *string         `json:"category"`
	Reason            string          `json:"reason"`
	Added             rest.IsoSeconds `json:"added"`
	AddedBy           string          `json:"added_by"`
}

func newGlobalListEntryJSON(e *wolfden.GlobalListEntry) globalListEntryJSON {
	j := globalListEntryJSON{
		SHA256: e.SHA256, MD5: e.MD5, Name: e.Name, Classification: e.Classification,
		SubClassification: e.SubClassification, CylanceScore: e.CylanceScore, ListType: e.ListType.String(),
		Reason: e.Reason, Added: rest.IsoSeconds(e.Added), AddedBy: e.AddedBy.String(),
	}
	if e.ListType == wolfden.GlobalSafe {
		j.Category = &e.Category
	}
	return j
}

func (s *Handlers) GetGlobalList(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var list wolfden.ListType
	switch q := r.URL.Query(); q.Get("listTypeId") {
	case "0":
		list = wolfden.GlobalQuarantine
	case "1":
		list = wolfden.GlobalSafe
	default:
		return wolfden.FieldErrorf("listTypeId", "listTypeId must be 0 (GlobalQuarantine) or 1 (GlobalSafe), not %q", q.Get("listTypeId"))
	}
	req, err := rest.ParsePage(r, globalListPages)
	if err != nil {
		return err
	}
	page, err := t.GlobalList(r.Context(), list, req)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, rest.NewPageEnvelope(req, page, newGlobalListEntryJSON))
	return nil
}

type globalListRequest struct {
	SHA256   *string `json:"sha256"`
	ListType *string `json:"list_type"`
	Category *string `json:"category"`
	Reason   *string `json:"reason"`
}

func (s *Handlers) AddToGlobalList(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req globalListRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	e, err := wolfden.NewGlobalListEntry(wolfden.GlobalListChange{
		SHA256: req.SHA256, ListType: req.ListType, Category: req.Category, Reason: req.Reason,
	}, rest.Principal(r).AppID, s.Now())
	if err != nil {
		return err
	}
	if err := t.AddToGlobalList(r.Context(), e); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

func (s *Handlers) RemoveFromGlobalList(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var req globalListRequest
	if err := rest.DecodeJSON(r, &req); err != nil {
		return err
	}
	sha, list, err := wolfden.ParseListKey(req.SHA256, req.ListType)
	if err != nil {
		return err
	}
	if err := t.RemoveFromGlobalList(r.Context(), list, sha); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}
