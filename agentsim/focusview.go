package agentsim

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// FocusView is an OPTICS focus view (docs/api/focusview.md): a device's agent
// collects the graph of processes, files, connections and registry keys
// around one artifact.
type FocusView struct {
	ID              uuid.UUID
	TenantID        uuid.UUID
	DeviceID        uuid.UUID
	ArtifactType    string // canonical: Protect, Process, File, NetworkConnection, RegistryKey
	ArtifactSubtype string // Uid
	Value           string // the artifact's UID as sent
	ThreatType      string
	Description     string
	Created         time.Time
	// DeviceOffline is when the device went offline (nil: online); the
	// store fills it in on reads.
	DeviceOffline *time.Time
}

// ArtifactProtect is the focus view artifact type of a Protect threat: a
// convicted file, named by its UID or its SHA-256.
const ArtifactProtect = "Protect"

var focusArtifactTypes = []string{ArtifactProtect, ArtifactProcess, ArtifactFile, ArtifactNetworkConnection, ArtifactRegistryKey}

// FocusViewRequest is a create request, as sent.
type FocusViewRequest struct {
	DeviceID        string
	ArtifactType    string
	ArtifactSubtype string
	Value           string
	ThreatType      string
	Description     string
}

// NewFocusView validates a request. That the device exists is for storage
// to check.
func NewFocusView(tenantID uuid.UUID, req FocusViewRequest, now time.Time) (*FocusView, error) {
	v := &FocusView{ID: uuid.New(), TenantID: tenantID, Value: strings.TrimSpace(req.Value), ThreatType: req.ThreatType,
		Description: req.Description, Created: now}
	if strings.TrimSpace(req.DeviceID) == "" {
		return nil, wolfden.FieldErrorf("device_id", "device_id is required")
	}
	id, ok := wolfden.ParseID(strings.TrimSpace(req.DeviceID))
	if !ok {
		return nil, wolfden.FieldErrorf("device_id", "%q is not a device id", req.DeviceID)
	}
	v.DeviceID = id
	var known bool
	if v.ArtifactType, known = wolfden.Canonical(strings.TrimSpace(req.ArtifactType), focusArtifactTypes); !known {
		return nil, wolfden.FieldErrorf("artifact_type", "%q is not an artifact type: use %s", req.ArtifactType, strings.Join(focusArtifactTypes, ", "))
	}
	if !strings.EqualFold(strings.TrimSpace(req.ArtifactSubtype), "Uid") {
		return nil, wolfden.FieldErrorf("artifact_subtype", "%q is not an artifact subtype: use Uid", req.ArtifactSubtype)
	}
	v.ArtifactSubtype = "Uid"
	if v.Value == "" {
		return nil, wolfden.FieldErrorf("value", "value (the artifact's UID) is required")
	}
	return v, nil
}

// State is how far the device's agent is at now.
func (v *FocusView) State(s Schedule, now time.Time) CommandState {
	return s.Progress(v.Created, v.DeviceOffline, now)
}

// SearchText is what the list's q searches: description, value, artifact
// and threat type.
func (v *FocusView) SearchText() string {
	return strings.ToLower(strings.Join([]string{v.Description, v.Value, v.ArtifactType, v.ThreatType}, "\n"))
}

// FocusRef names an artifact on a device, as POST /foci/v2/search does.
type FocusRef struct {
	DeviceID uuid.UUID
	Key      string // ArtifactKey of the UID
}

// FocusEvent is an edge of a focus graph: Source did Verb to Target.
type FocusEvent struct {
	UID       string
	Type      string // the target's artifact type
	Verb      string
	SourceUID string
	TargetUID string
	Occurred  time.Time
}

// FocusGraph is what an agent collects for a focus view.
type FocusGraph struct {
	Artifacts []Artifact
	Events    []FocusEvent
}

// verbs says what a parent did to a child of each type.
var verbs = map[string]string{
	ArtifactProcess: "Start", ArtifactFile: "Write", ArtifactNetworkConnection: "Connect", ArtifactRegistryKey: "SetValue",
}

// center finds the artifact the view names on its device: of its type
// (a Protect view names a threat's file, also by SHA-256) and UID.
func (v *FocusView) center(artifacts []Artifact) (Artifact, bool) {
	key := ArtifactKey(v.Value)
	for _, a := range artifacts {
		switch {
		case v.ArtifactType == ArtifactProtect:
			if a.Type == ArtifactFile && a.Story >= 0 && (ArtifactKey(a.UID) == key || strings.EqualFold(a.Properties["Sha256"], v.Value)) {
				return a, true
			}
		case a.Type == v.ArtifactType && ArtifactKey(a.UID) == key:
			return a, true
		}
	}
	return Artifact{}, false
}

// Graph is the focus view of d, whose agent observed artifacts: the device,
// then the artifact's story — the threat it comes from, with the session
// processes that led to it — or, for an artifact of the OS session, the
// session and the processes it started. An artifact the device does not
// have gives an empty graph.
func (v *FocusView) Graph(d *wolfden.Device, artifacts []Artifact) FocusGraph {
	g := FocusGraph{Artifacts: []Artifact{}, Events: []FocusEvent{}}
	c, ok := v.center(artifacts)
	if !ok {
		return g
	}
	g.Artifacts = append(g.Artifacts, Artifact{
		UID: ArtifactUID(d.ID.String(), ArtifactDevice), Type: ArtifactDevice, Observed: d.Registered, Story: -1,
		Properties: map[string]string{"DeviceId": wolfden.OpticsID(d.ID), "HostName": d.HostName, "OSVersion": d.OSVersion,
			"IPAddresses": strings.Join(d.IPAddresses, ","), "MACAddresses": strings.Join(d.MACAddresses, ",")},
	})
	members := map[string]bool{}
	for _, a := range artifacts {
		in := a.Story == c.Story || a.Story < 0 && a.Type == ArtifactProcess
		if c.Story < 0 {
			in = a.Story < 0 || a.Type == ArtifactProcess
		}
		if in {
			members[a.UID] = true
			g.Artifacts = append(g.Artifacts, a)
		}
	}
	for _, a := range g.Artifacts {
		if members[a.ParentUID] {
			verb := verbs[a.Type]
			g.Events = append(g.Events, FocusEvent{UID: ArtifactUID(a.ParentUID, verb, a.UID), Type: a.Type, Verb: verb,
				SourceUID: a.ParentUID, TargetUID: a.UID, Occurred: a.Observed})
		}
	}
	return g
}
