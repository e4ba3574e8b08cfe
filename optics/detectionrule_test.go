package optics_test

import (
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

// specRule is a sample detection rule create request, with a member wolfden
// does not model and values in other cases.
const specRule = `{ "Name": "Office spawning mshta", "Description": "Office application launches mshta.exe",
  "Severity": "medium", "ObjectType": "DetectionRule", "VendorOnly": {"x": 1},
  "OperatingSystems": [ { "Name": "windows" } ], "Plugin": { "Name": "OpticsDetector" },
  "Product": { "Name": "CylanceOPTICS" }, "SchemaVersion": 1,
  "States": [ { "Name": "SuspiciousChild", "Scope": "Global", "Function": "Function",
    "FieldOperators": { "Function": { "Type": "equalsany",
      "Operands": [ { "Source": "LiteralSet", "Data": "mshta.exe" } ],
      "OperandType": "string", "Options": { "IgnoreCase": true } } },
    "Actions": [ { "Type": "AOI", "ItemName": "InstigatingProcess", "Position": "PostActivation" } ],
    "Filters": [ { "Type": "Event", "Data": { "Category": "Process", "SubCategory": "", "Type": "*" } } ] } ],
  "Tags": [ "Custom" ] }`

func parseRule(t *testing.T, text string) optics.RuleDocument {
	t.Helper()
	var doc optics.RuleDocument
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestDetectionRuleDocument(t *testing.T) {
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	by := wolfden.Modifier{ID: uuid.New(), Login: "ci"}
	r, err := optics.NewDetectionRule(uuid.New(), optics.RuleKindDetection, parseRule(t, specRule), by, now)
	if err != nil {
		t.Fatal(err)
	}
	d := r.Document
	if r.Version != 1 || d.Version != 1 || d.ID != r.ID.String() || d.Severity != "Medium" ||
		d.OperatingSystems[0].Name != "Windows" || d.States[0].FieldOperators["Function"].Type != "EqualsAny" ||
		d.RuleSource != "Custom" || r.Category != "Custom" {
		t.Errorf("normalized rule: version %d, %+v", r.Version, d)
	}
	out, _ := json.Marshal(d)
	if !strings.Contains(string(out), `"VendorOnly":{"x":1}`) {
		t.Errorf("a member wolfden does not model was dropped: %s", out)
	}
	if got, want := d.NaturalLanguage(), "A process event where Function equals any of (mshta.exe, ignoring case)"; got != want {
		t.Errorf("natural language %q, want %q", got, want)
	}
	if err := r.Replace(parseRule(t, specRule), by, now); err != nil || r.Version != 2 || r.Document.Version != 2 {
		t.Errorf("replace: version %d, %v", r.Version, err)
	}
	other := parseRule(t, specRule)
	other.ID = uuid.NewString()
	if err := r.Replace(other, by, now); wolfden.CodeOf(err) != wolfden.EInvalid {
		t.Errorf("replace with another rule's Id: %v", err)
	}
	r.Active = false
	if err := r.Replace(parseRule(t, specRule), by, now); wolfden.CodeOf(err) != wolfden.EInvalid {
		t.Errorf("replace of a deactivated rule: %v", err)
	}
}

func TestDetectionRuleErrors(t *testing.T) {
	for _, tt := range []struct {
		name, from, to, field string
	}{
		{"no name", `"Name": "Office spawning mshta"`, `"Name": " "`, "Name"},
		{"severity", `"medium"`, `"Critical"`, "Severity"},
		{"object type", `"DetectionRule"`, `"Rule"`, "ObjectType"},
		{"operating system", `"windows"`, `"BeOS"`, "OperatingSystems[0].Name"},
		{"no operating system", `[ { "Name": "windows" } ]`, `[]`, "OperatingSystems"},
		{"schema version", `"SchemaVersion": 1`, `"SchemaVersion": 2`, "SchemaVersion"},
		{"operator", `"equalsany"`, `"EqualsAnyy"`, "States[0].FieldOperators.Function.Type"},
		{"operand source", `"LiteralSet"`, `"Guess"`, "States[0].FieldOperators.Function.Operands[0].Source"},
		{"operand data", `"Data": "mshta.exe"`, `"Data": []`, "States[0].FieldOperators.Function.Operands[0].Data"},
		{"no operands", `[ { "Source": "LiteralSet", "Data": "mshta.exe" } ]`, `[]`, "States[0].FieldOperators.Function.Operands"},
		{"operand type", `"OperandType": "string"`, `"OperandType": "text"`, "States[0].FieldOperators.Function.OperandType"},
		{"scope", `"Scope": "Global"`, `"Scope": "Local"`, "States[0].Scope"},
		{"no field operators", `"FieldOperators": {`, `"FieldOperators": {}, "X": {`, "States[0].FieldOperators"},
		{"action", `"Type": "AOI"`, `"Type": "Kill"`, "States[0].Actions[0].Type"},
		{"filter category", `"Category": "Process"`, `"Category": "Kernel"`, "States[0].Filters[0].Data.Category"},
		{"no filters", `"Filters": [ { "Type": "Event", "Data": { "Category": "Process", "SubCategory": "", "Type": "*" } } ]`, `"Filters": []`, "States[0].Filters"},
		{"no states", `"States": [`, `"States": [], "X": [`, "States"},
		{"validity", `"SchemaVersion": 1,`, `"SchemaVersion": 1, "NotValidBefore": "soon",`, "NotValidBefore"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			text := strings.Replace(specRule, tt.from, tt.to, 1)
			if text == specRule {
				t.Fatalf("the edit %q changed nothing", tt.from)
			}
			_, err := optics.NewDetectionRule(uuid.New(), optics.RuleKindDetection, parseRule(t, text), wolfden.Modifier{}, time.Now())
			if e, ok := err.(*wolfden.Error); !ok || e.Field != tt.field {
				t.Errorf("error %v, want one at %s", err, tt.field)
			}
		})
	}
	twice := strings.Replace(specRule, `"States": [ {`, `"States": [ { "Name": "suspiciouschild", "FieldOperators": {"A": {"Type": "Exists"}},
		"Filters": [{"Type": "Event", "Data": {"Category": "*"}}] }, {`, 1)
	_, err := optics.NewDetectionRule(uuid.New(), optics.RuleKindDetection, parseRule(t, twice), wolfden.Modifier{}, time.Now())
	if e, ok := err.(*wolfden.Error); !ok || e.Field != "States[1].Name" {
		t.Errorf("a state named twice: %v", err)
	}
}
