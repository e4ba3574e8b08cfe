package optics

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Detection is an OPTICS detection (docs/api/detections.md): a detection rule
// that an event on a device activated.
type Detection struct {
	ID       uuid.UUID
	TenantID uuid.UUID
	// Number counts the tenant's detections from 1; the store assigns it
	// and PhoneticID shows it.
	Number   int
	Severity string
	Status   DetectionStatus
	Comment  string
	Rule     DetectionRuleRef
	Device   DeviceSnapshot
	// Event is what the agent saw: the detail's Context.
	Event     Event
	Artifacts []DetectionArtifact
	Activated time.Time
	Occurred  time.Time
	Received  time.Time
}

// Description is what the console shows as the detection type: the rule's
// description, or its name when it has none.
func (det *Detection) Description() string {
	if det.Rule.Description != "" {
		return det.Rule.Description
	}
	return det.Rule.Name
}

// DetectionRuleRef is the rule version a detection came from.
type DetectionRuleRef struct {
	ID          uuid.UUID
	Name        string
	Description string
	Category    string
	Version     int
}

// DeviceSnapshot is a device as it was when a detection was raised; the
// detection keeps it when the device changes or goes.
type DeviceSnapshot struct {
	ID           uuid.UUID
	Name         string
	HostName     string
	OSVersion    string
	AgentVersion string
	IPAddresses  []string
	MACAddresses []string
}

// DetectionArtifact is an artifact of interest: what a rule's AOI action
// marked (e.g. the instigating process).
type DetectionArtifact struct {
	Type   string
	UID    string // 32 upper-case hex, as artifact ids are
	Source string // the action's ItemName
	State  string // the rule state that marked it
}

// DetectionStatus is where an analyst is with a detection.
type DetectionStatus string

// DetectionStatuses are the documented statuses; New is where every
// detection starts.
var DetectionStatuses = []DetectionStatus{"New", "In Progress", "Follow Up", "Reviewed", "Done", "False Positive"}

// ParseDetectionStatus finds a status in any case.
func ParseDetectionStatus(field, s string) (DetectionStatus, error) {
	if st, ok := wolfden.Canonical(s, DetectionStatuses); ok {
		return st, nil
	}
	names := make([]string, len(DetectionStatuses))
	for i, st := range DetectionStatuses {
		names[i] = string(st)
	}
	return "", wolfden.FieldErrorf(field, "%q is not a detection status: use one of %s", s, strings.Join(names, ", "))
}

// ParseSeverity finds a rule or detection severity in any case.
func ParseSeverity(field, s string) (string, error) {
	return wolfden.OneOf(field, s, ruleSeverities...)
}

// Severities are the severities, most severe first.
func Severities() []string { return ruleSeverities }

// SeverityRank orders severities: Informational 0 … High 3.
func SeverityRank(severity string) int {
	return len(ruleSeverities) - 1 - slices.Index(ruleSeverities, severity)
}

// SnapshotDevice keeps what a detection shows of d.
func SnapshotDevice(d *wolfden.Device) DeviceSnapshot {
	return DeviceSnapshot{ID: d.ID, Name: d.Name, HostName: d.HostName, OSVersion: d.OSVersion,
		AgentVersion: d.AgentVersion, IPAddresses: d.IPAddresses, MACAddresses: d.MACAddresses}
}

// NewDetection is rule activated by event on device, which occurred at
// occurred and reaches the console at now. The rule must be an active
// detection rule for the device's operating system, and an event given
// must activate it; a nil event is the rule's SampleEvent.
func NewDetection(rule *DetectionRule, device *wolfden.Device, event Event, occurred, now time.Time) (*Detection, error) {
	if rule.Kind != RuleKindDetection || !rule.Active {
		return nil, wolfden.FieldErrorf("rule_id", "rule %s is not an active detection rule", rule.ID)
	}
	if err := wolfden.CheckLength("event", len(event), MaxEventFields); err != nil {
		return nil, err
	}
	system := DeviceSystem(device.OSVersion)
	switch {
	case !rule.Document.RunsOn(system):
		return nil, wolfden.FieldErrorf("rule_id", "rule %q does not run on %s devices such as %s", rule.Document.Name, system, device.Name)
	case event == nil:
		event = rule.Document.SampleEvent()
	case !rule.Document.Matches(event, system):
		return nil, wolfden.FieldErrorf("event", "the event does not activate rule %q", rule.Document.Name)
	}
	if occurred.IsZero() {
		occurred = now
	}
	if occurred.After(now) {
		return nil, wolfden.FieldErrorf("occurrence_time", "%s is in the future", occurred.Format(time.RFC3339))
	}
	doc := &rule.Document
	det := &Detection{
		ID:       uuid.New(),
		TenantID: device.TenantID,
		Severity: doc.Severity,
		Status:   DetectionStatuses[0],
		Rule: DetectionRuleRef{ID: rule.ID, Name: doc.Name, Description: doc.Description,
			Category: rule.Category, Version: rule.Version},
		Device:    SnapshotDevice(device),
		Event:     event,
		Activated: occurred.Add(-time.Second),
		Occurred:  occurred,
		Received:  now,
	}
	det.Artifacts = det.artifacts(doc)
	return det, nil
}

// artifacts are the artifacts the rule's AOI actions mark, typed by the
// event category the state filters on. Their ids derive from the rule,
// device and time, so that the same activation always names the same
// artifacts.
func (det *Detection) artifacts(doc *RuleDocument) []DetectionArtifact {
	out := []DetectionArtifact{}
	for _, s := range doc.States {
		kind := "Process"
		if len(s.Filters) > 0 && s.Filters[0].Data != nil && s.Filters[0].Data.Category != "*" {
			kind = s.Filters[0].Data.Category
		}
		for _, a := range s.Actions {
			if a.Type != "AOI" {
				continue
			}
			sum := sha256.Sum256(fmt.Appendf(nil, "%s/%s/%d/%s/%s", det.Rule.ID, det.Device.ID, det.Occurred.UnixMicro(), s.Name, a.ItemName))
			out = append(out, DetectionArtifact{Type: kind, UID: strings.ToUpper(hex.EncodeToString(sum[:16])),
				Source: a.ItemName, State: s.Name})
		}
	}
	return out
}

// Suppressed reports which of the active exceptions suppress the
// detection: those that match its event on its device's system.
func (det *Detection) Suppressed(exceptions []DetectionRule) []DetectionRuleRef {
	system := DeviceSystem(det.Device.OSVersion)
	var by []DetectionRuleRef
	for _, e := range exceptions {
		if e.Kind == RuleKindException && e.Active && e.Document.Matches(det.Event, system) {
			by = append(by, DetectionRuleRef{ID: e.ID, Name: e.Document.Name, Description: e.Document.Description,
				Category: e.Category, Version: e.Version})
		}
	}
	return by
}

// Phonetic ids read like "Amber-Falcon-7": two words chosen by the
// detection id, then the detection's number, which makes them unique in
// the tenant.
var (
	phoneticAdjectives = []string{"Amber", "Lunar", "Silent", "Crimson", "Golden", "Hidden", "Iron", "Jade",
		"Kind", "Lively", "Misty", "Noble", "Onyx", "Polar", "Quiet", "Rapid",
		"Solar", "Tidal", "Umber", "Vivid", "Wild", "Azure", "Brisk", "Cobalt",
		"Dusky", "Ember", "Frosty", "Gentle", "Hollow", "Ivory", "Jolly", "Keen"}
	phoneticNouns = []string{"Falcon", "Gale", "Harbor", "Island", "Jaguar", "Kestrel", "Lantern", "Meadow",
		"Nebula", "Orchid", "Pine", "Quartz", "River", "Summit", "Thunder", "Valley",
		"Willow", "Yarrow", "Zephyr", "Anchor", "Beacon", "Canyon", "Delta", "Echo",
		"Fjord", "Glacier", "Heron", "Ibis", "Juniper", "Koi", "Lynx", "Maple"}
)

// PhoneticID is the human-friendly id the console shows as the event
// number.
func (det *Detection) PhoneticID() string {
	return fmt.Sprintf("%s-%s-%d", phoneticAdjectives[int(det.ID[0])%len(phoneticAdjectives)],
		phoneticNouns[int(det.ID[1])%len(phoneticNouns)], det.Number)
}
