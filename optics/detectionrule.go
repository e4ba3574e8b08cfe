package optics

import (
	"fmt"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// DetectionRule is an OPTICS rule of a tenant: a detection (or response)
// rule (docs/api/rules.md) or an exception (docs/api/exceptions.md), which
// share the document form. wolfden stores, validates and renders rules, and
// evaluates them against the events its simulated agents report
// (rulematch.go).
type DetectionRule struct {
	ID       uuid.UUID
	TenantID uuid.UUID
	Kind     RuleKind
	Document RuleDocument
	Version  int
	// Category is Custom for rules made through the API.
	Category string
	// Active is false once the rule is deactivated (the API's soft delete).
	Active     bool
	ModifiedBy wolfden.Modifier
	Created    time.Time
	Modified   time.Time
	// DeviceCount is how many devices' policies enable the rule; lists
	// fill it.
	DeviceCount int
}

// RuleKind tells detection rules from exceptions; each kind has its own
// routes and never shows on the other's.
type RuleKind string

const (
	RuleKindDetection RuleKind = "detection"
	RuleKindException RuleKind = "exception"
)

// Noun names a rule of the kind in messages.
func (k RuleKind) Noun() string {
	if k == RuleKindException {
		return "exception"
	}
	return "rule"
}

// RuleDocument is a rule in its native JSON form (PascalCase). Members
// wolfden does not model are kept and written back.
type RuleDocument struct {
	ID                                   string          `json:"Id,omitempty"`
	Name                                 string          `json:"Name"`
	Description                          string          `json:"Description"`
	Version                              int             `json:"Version"`
	Severity                             string          `json:"Severity"`
	ObjectType                           string          `json:"ObjectType"`
	OperatingSystems                     []NameRef       `json:"OperatingSystems"`
	Plugin                               *NameRef        `json:"Plugin,omitempty"`
	Product                              *NameRef        `json:"Product,omitempty"`
	SchemaVersion                        int             `json:"SchemaVersion"`
	States                               []RuleState     `json:"States"`
	Paths                                jsontext.Value  `json:"Paths,omitempty"`
	Tags                                 []string        `json:"Tags"`
	RuleSource                           string          `json:"RuleSource,omitempty"`
	NotValidBefore                       *string         `json:"NotValidBefore,omitempty"`
	NotValidAfter                        *string         `json:"NotValidAfter,omitempty"`
	ActivationLifetimeLimit              *wolfden.Scalar `json:"ActivationLifetimeLimit,omitempty"`
	MaximumConcurrentActivations         *int            `json:"MaximumConcurrentActivations,omitempty"`
	AllowMultipleActivationsPerContext   *bool           `json:"AllowMultipleActivationsPerContext,omitempty"`
	ActivationCanUtlizeDeviceStateEvents *bool           `json:"ActivationCanUtlizeDeviceStateEvents,omitempty"`
	Unknown                              jsontext.Value  `json:",embed"`
}

// Bounds of a rule document's lists, far above the vendor's rules (a rule
// names at most three systems and a handful of states): a document cannot
// grow without limit. A set operand may list many values (hashes, process
// names), so it has its own.
const (
	MaxRuleListLength    = 1000  // OperatingSystems, States, Paths, Tags; a state's FieldOperators, Actions, Filters; an operator's Operands
	MaxRuleOperandValues = 10000 // the values of one set operand
)

// NameRef is a {Name} object (operating systems, plugin, product).
type NameRef struct {
	Name    string         `json:"Name"`
	Unknown jsontext.Value `json:",embed"`
}

// RuleState is one state of a rule's state machine.
type RuleState struct {
	Name           string                   `json:"Name"`
	Scope          string                   `json:"Scope"`
	Function       string                   `json:"Function"`
	FieldOperators map[string]FieldOperator `json:"FieldOperators"`
	Actions        []RuleAction             `json:"Actions"`
	Filters        []RuleFilter             `json:"Filters"`
	Unknown        jsontext.Value           `json:",embed"`
}

// FieldOperator tests one event field against operands.
type FieldOperator struct {
	Type        string         `json:"Type"`
	Operands    []Operand      `json:"Operands"`
	OperandType string         `json:"OperandType"`
	Options     *OperatorOpts  `json:"Options,omitempty"`
	Unknown     jsontext.Value `json:",embed"`
}

type OperatorOpts struct {
	IgnoreCase bool           `json:"IgnoreCase"`
	Unknown    jsontext.Value `json:",embed"`
}

// Operand is a value an operator compares with; Data is a string, or an
// array of them for a set.
type Operand struct {
	Source  string         `json:"Source"`
	Data    jsontext.Value `json:"Data"`
	Unknown jsontext.Value `json:",embed"`
}

// RuleAction is what a state does when it matches (e.g. mark an area of
// interest).
type RuleAction struct {
	Type     string         `json:"Type"`
	ItemName string         `json:"ItemName,omitempty"`
	Position string         `json:"Position,omitempty"`
	Unknown  jsontext.Value `json:",embed"`
}

// RuleFilter selects the events a state looks at.
type RuleFilter struct {
	Type    string         `json:"Type"`
	Data    *EventFilter   `json:"Data,omitempty"`
	Unknown jsontext.Value `json:",embed"`
}

type EventFilter struct {
	Category    string         `json:"Category"`
	SubCategory string         `json:"SubCategory"`
	Type        string         `json:"Type"`
	Unknown     jsontext.Value `json:",embed"`
}

// Enumerations of the rule document. The vendor documents severities, object
// types and systems; the operator, source, scope, action and event
// vocabularies are wolfden's, from the vendor's published rules
// (docs/api/rules.md).
var (
	ruleSeverities      = []string{"High", "Medium", "Low", "Informational"}
	ruleObjectTypes     = []string{"DetectionRule", "ResponseRule"}
	ruleSystems         = []string{"Windows", "macOS", "Linux"}
	ruleScopes          = []string{"Global", "Context"}
	ruleOperandSources  = []string{"LiteralSet", "Literal", "Field"}
	ruleOperandTypes    = []string{"string", "integer", "boolean", "ipaddress", "hash"}
	ruleActionTypes     = []string{"AOI", "Artifact", "Response"}
	ruleActionPositions = []string{"PreActivation", "PostActivation"}
	ruleFilterTypes     = []string{"Event"}
	ruleEventCategories = []string{"Process", "File", "Registry", "Network", "Dns", "Module", "Script", "User", "Device", "Memory", "Wmi", "*"}
)

// NewDetectionRule validates doc and returns a new Custom rule of kind,
// version 1.
func NewDetectionRule(tenantID uuid.UUID, kind RuleKind, doc RuleDocument, by wolfden.Modifier, now time.Time) (*DetectionRule, error) {
	r := &DetectionRule{ID: uuid.New(), TenantID: tenantID, Kind: kind, Category: "Custom", Active: true, Created: now}
	if err := r.Replace(doc, by, now); err != nil {
		return nil, err
	}
	return r, nil
}

// Replace validates doc and makes it r's next version. A deactivated
// rule cannot change.
func (r *DetectionRule) Replace(doc RuleDocument, by wolfden.Modifier, now time.Time) error {
	if !r.Active {
		return wolfden.Errorf(wolfden.EInvalid, "rule %s is deactivated and cannot change", r.ID)
	}
	if err := doc.normalize(r.Kind); err != nil {
		return err
	}
	if doc.ID != "" {
		if id, ok := wolfden.ParseID(doc.ID); !ok || (r.Version > 0 && id != r.ID) {
			return wolfden.FieldErrorf("Id", "%q is not this rule's id", doc.ID)
		}
	}
	if doc.RuleSource == "" {
		doc.RuleSource = "Custom"
	}
	r.Version++
	doc.ID, doc.Version = r.ID.String(), r.Version
	r.Document, r.ModifiedBy, r.Modified = doc, by, now
	return nil
}

// Normalize checks a detection rule's structure, naming the path of the
// first fault, and makes enumerated values canonical.
func (d *RuleDocument) Normalize() error { return d.normalize(RuleKindDetection) }

// normalize checks a document as a rule of kind. An exception has no
// severity of its own, is an ExceptionRule, and its states need not
// filter events.
func (d *RuleDocument) normalize(kind RuleKind) error {
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" {
		return wolfden.FieldErrorf("Name", "Name is required")
	}
	if len(d.Name) > 256 {
		return wolfden.FieldErrorf("Name", "Name is longer than 256 bytes")
	}
	var err error
	objectTypes := ruleObjectTypes
	if kind == RuleKindException {
		objectTypes = []string{"ExceptionRule"}
	}
	if kind == RuleKindDetection || d.Severity != "" {
		if d.Severity, err = wolfden.OneOf("Severity", d.Severity, ruleSeverities...); err != nil {
			return err
		}
	}
	if d.ObjectType == "" {
		d.ObjectType = objectTypes[0]
	}
	if d.ObjectType, err = wolfden.OneOf("ObjectType", d.ObjectType, objectTypes...); err != nil {
		return err
	}
	for _, list := range []struct {
		field string
		n     int
	}{{"OperatingSystems", len(d.OperatingSystems)}, {"States", len(d.States)}, {"Tags", len(d.Tags)}, {"Paths", d.pathCount()}} {
		if err := wolfden.CheckLength(list.field, list.n, MaxRuleListLength); err != nil {
			return err
		}
	}
	if len(d.OperatingSystems) == 0 {
		return wolfden.FieldErrorf("OperatingSystems", "name at least one operating system: %s", strings.Join(ruleSystems, ", "))
	}
	for i := range d.OperatingSystems {
		if d.OperatingSystems[i].Name, err = wolfden.OneOf(fmt.Sprintf("OperatingSystems[%d].Name", i), d.OperatingSystems[i].Name, ruleSystems...); err != nil {
			return err
		}
	}
	if d.SchemaVersion == 0 {
		d.SchemaVersion = 1
	}
	if d.SchemaVersion != 1 {
		return wolfden.FieldErrorf("SchemaVersion", "SchemaVersion %d is not supported: use 1", d.SchemaVersion)
	}
	for _, w := range []struct {
		name  string
		value *string
	}{{"NotValidBefore", d.NotValidBefore}, {"NotValidAfter", d.NotValidAfter}} {
		if w.value != nil && *w.value != "" {
			if _, err := wolfden.ParseTime(*w.value); err != nil {
				return wolfden.FieldErrorf(w.name, "%q is not a date and time", *w.value)
			}
		}
	}
	if d.MaximumConcurrentActivations != nil && *d.MaximumConcurrentActivations < 0 {
		return wolfden.FieldErrorf("MaximumConcurrentActivations", "must not be negative")
	}
	if len(d.States) == 0 {
		return wolfden.FieldErrorf("States", "a rule needs at least one state")
	}
	seen := make(map[string]bool, len(d.States))
	for i := range d.States {
		if err := d.States[i].normalize(kind == RuleKindDetection); err != nil {
			return wolfden.WithinField(fmt.Sprintf("States[%d]", i), err)
		}
		key := strings.ToLower(d.States[i].Name)
		if seen[key] {
			return wolfden.FieldErrorf(fmt.Sprintf("States[%d].Name", i), "state %q is named twice", d.States[i].Name)
		}
		seen[key] = true
	}
	if d.Tags == nil {
		d.Tags = []string{}
	}
	return nil
}

// pathCount is how many transitions Paths lists; wolfden keeps them as
// given, so only their number is checked.
func (d *RuleDocument) pathCount() int {
	var paths []jsontext.Value
	if d.Paths.Kind() != '[' || json.Unmarshal(d.Paths, &paths) != nil {
		return 0
	}
	return len(paths)
}

// normalize checks a state; filters says whether it must filter events.
func (s *RuleState) normalize(filters bool) error {
	for _, list := range []struct {
		field string
		n     int
	}{{"FieldOperators", len(s.FieldOperators)}, {"Actions", len(s.Actions)}, {"Filters", len(s.Filters)}} {
		if err := wolfden.CheckLength(list.field, list.n, MaxRuleListLength); err != nil {
			return err
		}
	}
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		return wolfden.FieldErrorf("Name", "a state needs a Name")
	}
	var err error
	if s.Scope == "" {
		s.Scope = "Global"
	}
	if s.Scope, err = wolfden.OneOf("Scope", s.Scope, ruleScopes...); err != nil {
		return err
	}
	if len(s.FieldOperators) == 0 {
		return wolfden.FieldErrorf("FieldOperators", "a state needs at least one field operator")
	}
	for field, op := range s.FieldOperators {
		if err := op.normalize(); err != nil {
			return wolfden.WithinField("FieldOperators."+field, err)
		}
		s.FieldOperators[field] = op
	}
	for i := range s.Actions {
		a := &s.Actions[i]
		at := fmt.Sprintf("Actions[%d]", i)
		if a.Type, err = wolfden.OneOf(at+".Type", a.Type, ruleActionTypes...); err != nil {
			return err
		}
		if a.Position != "" {
			if a.Position, err = wolfden.OneOf(at+".Position", a.Position, ruleActionPositions...); err != nil {
				return err
			}
		}
	}
	if filters && len(s.Filters) == 0 {
		return wolfden.FieldErrorf("Filters", "a state needs at least one event filter")
	}
	for i := range s.Filters {
		f := &s.Filters[i]
		at := fmt.Sprintf("Filters[%d]", i)
		if f.Type, err = wolfden.OneOf(at+".Type", f.Type, ruleFilterTypes...); err != nil {
			return err
		}
		if f.Data == nil {
			return wolfden.FieldErrorf(at+".Data", "an event filter needs Data {Category, SubCategory, Type}")
		}
		if f.Data.Category, err = wolfden.OneOf(at+".Data.Category", f.Data.Category, ruleEventCategories...); err != nil {
			return err
		}
	}
	if s.Actions == nil {
		s.Actions = []RuleAction{}
	}
	if s.Filters == nil {
		s.Filters = []RuleFilter{}
	}
	return nil
}

func (op *FieldOperator) normalize() error {
	canonical, ok := operatorName(op.Type)
	if !ok {
		return wolfden.FieldErrorf("Type", "unknown operator %q", op.Type)
	}
	op.Type = canonical
	var err error
	if op.OperandType == "" {
		op.OperandType = "string"
	}
	if op.OperandType, err = wolfden.OneOf("OperandType", op.OperandType, ruleOperandTypes...); err != nil {
		return err
	}
	if err := wolfden.CheckLength("Operands", len(op.Operands), MaxRuleListLength); err != nil {
		return err
	}
	if ruleOperators[op.Type].operands && len(op.Operands) == 0 {
		return wolfden.FieldErrorf("Operands", "operator %s needs at least one operand", op.Type)
	}
	for i := range op.Operands {
		o := &op.Operands[i]
		at := fmt.Sprintf("Operands[%d]", i)
		if o.Source, err = wolfden.OneOf(at+".Source", o.Source, ruleOperandSources...); err != nil {
			return err
		}
		values, err := o.Values()
		if err != nil {
			return wolfden.FieldErrorf(at+".Data", "%v", err)
		}
		if err := wolfden.CheckLength(at+".Data", len(values), MaxRuleOperandValues); err != nil {
			return err
		}
	}
	if op.Operands == nil {
		op.Operands = []Operand{}
	}
	return nil
}

// Values are the operand's data: one string, or the strings of a set.
func (o *Operand) Values() ([]string, error) {
	if len(o.Data) == 0 {
		return nil, fmt.Errorf("Data is required")
	}
	var one string
	if err := json.Unmarshal(o.Data, &one); err == nil {
		if strings.TrimSpace(one) == "" {
			return nil, fmt.Errorf("Data is empty")
		}
		return []string{one}, nil
	}
	var set []string
	if err := json.Unmarshal(o.Data, &set); err != nil || len(set) == 0 {
		return nil, fmt.Errorf("Data must be a string or a non-empty array of strings")
	}
	return set, nil
}

// Deactivate is the API's soft delete: the rule stays readable but can
// no longer change or be put in a rule set.
func (r *DetectionRule) Deactivate(by wolfden.Modifier, now time.Time) {
	if r.Active {
		r.Active, r.ModifiedBy, r.Modified = false, by, now
	}
}
