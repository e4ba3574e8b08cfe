package agentsim

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// InstaQuery is an OPTICS fleet-wide search for an artifact
// (docs/api/instaquery.md): the agents of the devices in its zones look for
// artifacts whose facet matches one of its values.
type InstaQuery struct {
	ID             uuid.UUID
	TenantID       uuid.UUID
	Name           string
	Description    string
	Artifact       string // canonical: File, Process, NetworkConnection, RegistryKey
	MatchValueType string // as the client sent it
	MatchValues    []string
	CaseSensitive  bool
	MatchType      string // Fuzzy or Exact
	Zones          []uuid.UUID
	Filters        []QueryFilter
	Relations      []QueryRelation
	Created        time.Time
	Archived       *time.Time
	// Targets are the devices the query was sent to: those of its zones
	// that its filters admitted at creation, as they are now. The store
	// fills them in.
	Targets []CommandTarget
}

// QueryFilter narrows the devices a query is sent to. The JSON tags are
// its stored form.
type QueryFilter struct {
	Aspect string `json:"aspect"`
	Value  string `json:"value"`
}

// QueryRelation links a query to another OPTICS object, such as the focus
// view it originated from. The JSON tags are its stored form.
type QueryRelation struct {
	Object       string `json:"object"`
	Relationship string `json:"relationship"`
}

// facet is a match_value_type of an artifact: its canonical name, the
// other spellings the vendor's pages use, and the artifact property it
// matches.
type facet struct {
	name     string
	aliases  []string
	property string
}

// instaQueryFacets are the facets of each artifact, as the vendor lists
// them (the get page's spellings MD5, SHA256 and CommandLine differ only
// in case but for SHA256; docs/api/instaquery.md).
var instaQueryFacets = map[string][]facet{
	ArtifactFile: {{"Path", nil, "Path"}, {"Md5", nil, "Md5"}, {"Sha2", []string{"SHA256"}, "Sha256"},
		{"Owner", nil, "Owner"}, {"CreationDateTime", nil, "CreationDateTime"}},
	ArtifactProcess: {{"Name", nil, "Name"}, {"Commandline", nil, "Commandline"}, {"PrimaryImagePath", nil, "PrimaryImagePath"},
		{"PrimaryImageMd5", nil, "PrimaryImageMd5"}, {"StartDateTime", nil, "StartDateTime"}},
	ArtifactNetworkConnection: {{"DestAddr", nil, "DestAddr"}, {"DestPort", nil, "DestPort"}},
	ArtifactRegistryKey: {{"ProcessName", nil, "ProcessName"}, {"ProcessPrimaryImagePath", nil, "ProcessPrimaryImagePath"},
		{"ValueName", nil, "ValueName"}, {"FilePath", nil, "FilePath"}, {"FileMd5", nil, "FileMd5"},
		{"IsPersistencePoint", nil, "IsPersistencePoint"}},
}

var instaQueryArtifacts = []string{ArtifactFile, ArtifactProcess, ArtifactNetworkConnection, ArtifactRegistryKey}

// Match types.
const (
	MatchFuzzy = "Fuzzy" // a value matches where it occurs in the facet
	MatchExact = "Exact" // a value matches the whole facet
)

// FilterAspectOS is the filter aspect that selects devices by OS.
const FilterAspectOS = "OS"

// InstaQueryRequest is a create request, as sent.
type InstaQueryRequest struct {
	Name           string
	Description    string
	Artifact       string
	MatchValueType string
	MatchValues    []string
	CaseSensitive  bool
	MatchType      string
	Zones          []string
	Filters        []QueryFilter
	Relations      []QueryRelation
}

const maxInstaQueryNameLen = 256

// MaxInstaQueryTerms bounds each list of a query (match_values, zones,
// filters, relations), far above real use (a few IOCs, a few zones).
const MaxInstaQueryTerms = 1000

// NewInstaQuery validates a create request. That its zones exist is for
// storage to check.
func NewInstaQuery(tenantID uuid.UUID, req InstaQueryRequest, now time.Time) (*InstaQuery, error) {
	q := &InstaQuery{ID: uuid.New(), TenantID: tenantID, Name: strings.TrimSpace(req.Name), Description: req.Description,
		MatchValueType: req.MatchValueType, CaseSensitive: req.CaseSensitive, Created: now,
		MatchValues: []string{}, Filters: []QueryFilter{}, Relations: []QueryRelation{}}
	switch {
	case q.Name == "":
		return nil, wolfden.FieldErrorf("name", "name is required")
	case len(q.Name) > maxInstaQueryNameLen:
		return nil, wolfden.FieldErrorf("name", "name is longer than %d bytes", maxInstaQueryNameLen)
	}
	for _, list := range []struct {
		field string
		n     int
	}{{"match_values", len(req.MatchValues)}, {"zones", len(req.Zones)}, {"filters", len(req.Filters)},
		{"relations", len(req.Relations)}} {
		if err := wolfden.CheckLength(list.field, list.n, MaxInstaQueryTerms); err != nil {
			return nil, err
		}
	}
	artifact, known := wolfden.Canonical(strings.TrimSpace(req.Artifact), instaQueryArtifacts)
	switch {
	case strings.TrimSpace(req.Artifact) == "":
		return nil, wolfden.FieldErrorf("artifact", "artifact is required: use %s", strings.Join(instaQueryArtifacts, ", "))
	case !known:
		return nil, wolfden.FieldErrorf("artifact", "%q is not an artifact: use %s", req.Artifact, strings.Join(instaQueryArtifacts, ", "))
	}
	q.Artifact = artifact
	if _, err := q.facet(); err != nil {
		return nil, err
	}
	if len(req.MatchValues) == 0 {
		return nil, wolfden.FieldErrorf("match_values", "give at least one value to match")
	}
	for i, v := range req.MatchValues {
		if strings.TrimSpace(v) == "" {
			return nil, wolfden.FieldErrorf(fmt.Sprintf("match_values[%d]", i), "a value to match must not be empty")
		}
		q.MatchValues = append(q.MatchValues, v)
	}
	switch {
	case req.MatchType == "" || strings.EqualFold(req.MatchType, MatchFuzzy):
		q.MatchType = MatchFuzzy
	case strings.EqualFold(req.MatchType, MatchExact):
		q.MatchType = MatchExact
	default:
		return nil, wolfden.FieldErrorf("match_type", "%q is not a match type: use Fuzzy or Exact", req.MatchType)
	}
	if len(req.Zones) == 0 {
		return nil, wolfden.FieldErrorf("zones", "give at least one zone id")
	}
	zones, err := wolfden.ParseIDList("zones", "zone", req.Zones)
	if err != nil {
		return nil, err
	}
	q.Zones = zones
	for i, f := range req.Filters {
		at := fmt.Sprintf("filters[%d]", i)
		if !strings.EqualFold(strings.TrimSpace(f.Aspect), FilterAspectOS) {
			return nil, wolfden.FieldErrorf(at+".aspect", "%q is not a filter aspect: wolfden filters by OS", f.Aspect)
		}
		if strings.TrimSpace(f.Value) == "" {
			return nil, wolfden.FieldErrorf(at+".value", "a filter needs a value")
		}
		q.Filters = append(q.Filters, QueryFilter{Aspect: FilterAspectOS, Value: strings.TrimSpace(f.Value)})
	}
	for i, r := range req.Relations {
		at := fmt.Sprintf("relations[%d]", i)
		switch {
		case strings.TrimSpace(r.Object) == "":
			return nil, wolfden.FieldErrorf(at+".object", "a relation needs an object")
		case strings.TrimSpace(r.Relationship) == "":
			return nil, wolfden.FieldErrorf(at+".relationship", "a relation needs a relationship")
		}
		q.Relations = append(q.Relations, QueryRelation{Object: strings.TrimSpace(r.Object), Relationship: strings.TrimSpace(r.Relationship)})
	}
	return q, nil
}

// facet resolves the query's match_value_type for its artifact: any case,
// the alternative spellings, and an "<artifact>." prefix (XSOAR's
// File.Path) are accepted.
func (q *InstaQuery) facet() (facet, error) {
	name := strings.TrimSpace(q.MatchValueType)
	if prefix := q.Artifact + "."; len(name) > len(prefix) && strings.EqualFold(name[:len(prefix)], prefix) {
		name = name[len(prefix):]
	}
	facets := instaQueryFacets[q.Artifact]
	for _, f := range facets {
		if strings.EqualFold(name, f.name) || slices.ContainsFunc(f.aliases, func(a string) bool { return strings.EqualFold(name, a) }) {
			return f, nil
		}
	}
	names := make([]string, len(facets))
	for i, f := range facets {
		names[i] = f.name
	}
	return facet{}, wolfden.FieldErrorf("match_value_type", "%q is not a match value type of %s: use %s", q.MatchValueType, q.Artifact,
		strings.Join(names, ", "))
}

// Admits reports whether the query is sent to d: filters of the same
// aspect are alternatives. An OS filter admits a device whose OS family
// (Windows, macOS, Linux) is its value, or whose OS version contains it,
// in any case.
func (q *InstaQuery) Admits(d *wolfden.Device) bool {
	if len(q.Filters) == 0 {
		return true
	}
	return slices.ContainsFunc(q.Filters, func(f QueryFilter) bool {
		return strings.EqualFold(f.Value, OSFamily(d.OSVersion)) || strings.Contains(strings.ToLower(d.OSVersion), strings.ToLower(f.Value))
	})
}

// Matches reports whether artifact a answers the query.
func (q *InstaQuery) Matches(a *Artifact) bool {
	f, err := q.facet()
	if err != nil || a.Type != q.Artifact {
		return false
	}
	got, ok := a.Properties[f.property]
	if !ok {
		return false
	}
	if !q.CaseSensitive {
		got = strings.ToLower(got)
	}
	return slices.ContainsFunc(q.MatchValues, func(v string) bool {
		if !q.CaseSensitive {
			v = strings.ToLower(v)
		}
		if q.MatchType == MatchExact {
			return got == v
		}
		return strings.Contains(got, v)
	})
}

// QueryProgress is how far the agents of a query's devices are.
type QueryProgress struct {
	Queried   int
	Responded int
	Status    string
	// Responders are the devices that answered, in target order.
	Responders []uuid.UUID
}

// Progress is the query's progress at now. A device answers when its
// agent completes the query; offline and deleted devices do not. The query
// is done when no device that can answer is still to: at once when it has
// no devices; running once any agent picked it up.
func (q *InstaQuery) Progress(s Schedule, now time.Time) QueryProgress {
	p := QueryProgress{Queried: len(q.Targets), Status: SurveyDone}
	started, waiting := false, false
	for _, t := range q.Targets {
		st := t.state(s, q.Created, now)
		switch {
		case st == CommandCompleted:
			p.Responded++
			p.Responders = append(p.Responders, t.DeviceID)
		case t.Offline == nil && !t.Gone:
			waiting = true
		}
		started = started || st != CommandQueued
	}
	switch {
	case waiting && started:
		p.Status = SurveyRunning
	case waiting:
		p.Status = SurveyPending
	}
	return p
}

// SearchText is what the list's q searches: name, description and values.
func (q *InstaQuery) SearchText() string {
	return strings.ToLower(strings.Join(append([]string{q.Name, q.Description}, q.MatchValues...), "\n"))
}

// InstaQueryFilter selects queries in a list: all are optional.
type InstaQueryFilter struct {
	Search         string // in name, description or values, in any case
	Archived       *bool
	OriginatedFrom string // a relation's object, in any case
}
