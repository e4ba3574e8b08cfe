package optics_test

import (
	"bytes"
	"errors"
	"testing"

	"github.com/go-json-experiment/json"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

// decodeLikeTheAPI reads a rule as the API's decoder does: member names in
// any case.
func decodeLikeTheAPI(data []byte, v any) error {
	return json.Unmarshal(data, v, json.MatchCaseInsensitiveNames(true))
}

// wantFieldError fails unless err is an EInvalid *wolfden.Error naming a
// field, which the API answers as a 400.
func wantFieldError(t *testing.T, err error, doc []byte) {
	t.Helper()
	var e *wolfden.Error
	if !errors.As(err, &e) || e.Code != wolfden.EInvalid || e.Field == "" {
		t.Fatalf("%s: %v, not EInvalid naming a field", doc, err)
	}
}

// FuzzRuleDocument: Normalize refuses a detection rule with a field error
// or accepts it, and an accepted rule is stable: written and read back, it
// is accepted and normalises to the same document.
func FuzzRuleDocument(f *testing.F) {
	for _, doc := range []string{
		`{"Name": "Office spawning mshta", "Description": "Office application launches mshta.exe", "Severity": "medium",
		  "ObjectType": "DetectionRule", "OperatingSystems": [{"Name": "windows"}], "Plugin": {"Name": "OpticsDetector"},
		  "SchemaVersion": 1, "States": [{"Name": "SuspiciousChild", "Scope": "global", "Function": "Function",
			"FieldOperators": {"Function": {"Type": "EqualsAny", "Operands": [{"Source": "LiteralSet", "Data": ["mshta.exe", "MSHTA.EXE"]}],
			  "OperandType": "String", "Options": {"IgnoreCase": true}}},
			"Actions": [{"Type": "aoi", "ItemName": "InstigatingProcess", "Position": "postactivation"}],
			"Filters": [{"Type": "event", "Data": {"Category": "process", "SubCategory": "", "Type": "*"}}]}],
		  "Paths": [{"From": "a", "To": "b"}], "Tags": ["Custom"], "ActivationLifetimeLimit": 60, "NotValidBefore": "2024-01-01",
		  "Future": {"x": 1}}`,
		`{"Name": "x", "Severity": "High", "OperatingSystems": [{"Name": "Linux"}, {"Name": "Linux"}],
		  "States": [{"Name": "S", "FieldOperators": {"Name": {"Type": "Exists"}}, "Filters": [{"Type": "Event", "Data": {"Category": "*"}}]}]}`,
		`{"Name": "x", "Severity": "High", "OperatingSystems": [{"Name": "macOS"}], "States": [{"Name": "S", "FieldOperators": {}}]}`,
		`{"Name": "x", "Severity": "High", "OperatingSystems": [{"Name": "Windows"}], "SchemaVersion": 2, "States": []}`,
		`{"Name": " ", "Severity": "High"}`,
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d optics.RuleDocument
		if decodeLikeTheAPI(data, &d) != nil {
			return
		}
		if err := d.Normalize(); err != nil {
			wantFieldError(t, err, data)
			return
		}
		first, err := json.Marshal(d, json.Deterministic(true))
		if err != nil {
			t.Fatalf("marshal the normalised %s: %v", data, err)
		}
		var again optics.RuleDocument
		if err := decodeLikeTheAPI(first, &again); err != nil {
			t.Fatalf("the normalised %s does not read back: %v\n%s", data, err, first)
		}
		if err := again.Normalize(); err != nil {
			t.Fatalf("the normalised %s is refused: %v\n%s", data, err, first)
		}
		second, err := json.Marshal(again, json.Deterministic(true))
		if err != nil || !bytes.Equal(first, second) {
			t.Fatalf("normalising %s is not stable (%v):\n%s\n%s", data, err, first, second)
		}
	})
}
