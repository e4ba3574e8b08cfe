package optics_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

// backupException is a sample exception create request: the process
// backupagent.exe, in any case, on Windows.
const backupException = `{ "Name": "Allow backup agent", "ObjectType": "ExceptionRule",
  "OperatingSystems": [ { "Name": "Windows" } ],
  "States": [ { "Name": "BackupProc", "Function": "Function",
    "FieldOperators": { "Function": { "Type": "EqualsAny",
      "Operands": [ { "Source": "LiteralSet", "Data": ["backupagent.exe", "vss.exe"] } ],
      "OperandType": "string", "Options": { "IgnoreCase": true } } } } ] }`

func ruleDoc(t *testing.T, kind optics.RuleKind, text string) optics.RuleDocument {
	t.Helper()
	var doc optics.RuleDocument
	if err := json.Unmarshal([]byte(text), &doc); err != nil {
		t.Fatal(err)
	}
	r, err := optics.NewDetectionRule(uuid.New(), kind, doc, wolfden.Modifier{}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	return r.Document
}

func TestRuleMatches(t *testing.T) {
	exception := ruleDoc(t, optics.RuleKindException, backupException)
	withOperator := func(op string) optics.RuleDocument {
		return ruleDoc(t, optics.RuleKindException, strings.Replace(strings.Replace(backupException, `"EqualsAny"`, `"`+op+`"`, 1),
			`["backupagent.exe", "vss.exe"]`, `"backup"`, 1))
	}
	tests := []struct {
		name   string
		doc    optics.RuleDocument
		event  optics.Event
		system string
		want   bool
	}{
		{"equal value", exception, optics.Event{"Function": "backupagent.exe"}, "Windows", true},
		{"any of the set, ignoring case", exception, optics.Event{"Function": "VSS.EXE"}, "Windows", true},
		{"field name in another case", exception, optics.Event{"function": "vss.exe"}, "Windows", true},
		{"other value", exception, optics.Event{"Function": "powershell.exe"}, "Windows", false},
		{"field missing", exception, optics.Event{"Path": "backupagent.exe"}, "Windows", false},
		{"other system", exception, optics.Event{"Function": "vss.exe"}, "Linux", false},
		{"contains", withOperator("Contains"), optics.Event{"Function": "c:\\backup\\agent.exe"}, "Windows", true},
		{"starts with", withOperator("StartsWith"), optics.Event{"Function": "backupagent.exe"}, "Windows", true},
		{"ends with", withOperator("EndsWith"), optics.Event{"Function": "backupagent.exe"}, "Windows", false},
		{"not equals, missing field", withOperator("NotEquals"), optics.Event{}, "Windows", true},
		{"not equals, equal", withOperator("NotEquals"), optics.Event{"Function": "BACKUP"}, "Windows", false},
		{"regex", withOperator("MatchesRegex"), optics.Event{"Function": "my-BACKUP-tool"}, "Windows", true},
		{"exists", withOperator("Exists"), optics.Event{"Function": ""}, "Windows", true},
		{"greater than", withOperator("GreaterThan"), optics.Event{"Function": "3"}, "Windows", false}, // "backup" is no number
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.doc.Matches(tt.event, tt.system); got != tt.want {
				t.Errorf("Matches(%v, %s) = %v, want %v", tt.event, tt.system, got, tt.want)
			}
		})
	}
}

func TestSampleEventActivatesItsRule(t *testing.T) {
	doc := ruleDoc(t, optics.RuleKindException, backupException)
	if e := doc.SampleEvent(); !doc.Matches(e, "Windows") || e["Function"] != "backupagent.exe" {
		t.Errorf("SampleEvent = %v", e)
	}
}

func TestDeviceSystem(t *testing.T) {
	for os, want := range map[string]string{
		"Microsoft Windows 11 Pro": "Windows", "Microsoft Windows Server 2022 Datacenter": "Windows",
		"macOS Sonoma 14.4": "macOS", "Mac OS X 10.15": "macOS", "Ubuntu 22.04.4 LTS": "Linux", "": "Linux",
	} {
		if got := optics.DeviceSystem(os); got != want {
			t.Errorf("DeviceSystem(%q) = %s, want %s", os, got, want)
		}
	}
}

func TestHistogramBuckets(t *testing.T) {
	from := time.Date(2024, 1, 30, 16, 21, 0, 0, time.UTC)
	tests := []struct {
		interval string
		to       time.Time
		want     []string // bucket starts, or the error's field
	}{
		{"1d", from.Add(36 * time.Hour), []string{"2024-01-30T00:00:00Z", "2024-01-31T00:00:00Z", "2024-02-01T00:00:00Z"}},
		{"1M", from.AddDate(0, 0, 5), []string{"2024-01-01T00:00:00Z", "2024-02-01T00:00:00Z"}},
		{"1y", from, []string{"2024-01-01T00:00:00Z"}},
		{"6h", from.Add(7 * time.Hour), []string{"2024-01-30T16:00:00Z", "2024-01-30T22:00:00Z"}},
		{"30m", from.Add(40 * time.Minute), []string{"2024-01-30T16:21:00Z", "2024-01-30T16:51:00Z"}},
		{"1m", from.AddDate(1, 0, 0), []string{"interval"}},
		{"1d", from.Add(-time.Hour), []string{"end"}},
		{"0d", from, []string{"interval"}},
		{"1w", from, []string{"interval"}},
		{"d", from, []string{"interval"}},
	}
	for _, tt := range tests {
		t.Run(tt.interval, func(t *testing.T) {
			interval, err := optics.ParseHistogramInterval("interval", tt.interval)
			var starts []time.Time
			if err == nil {
				starts, err = interval.Buckets(from, tt.to)
			}
			if err != nil {
				var e *wolfden.Error
				if !errors.As(err, &e) || len(tt.want) != 1 || e.Field != tt.want[0] {
					t.Fatalf("error %v, want %v", err, tt.want)
				}
				return
			}
			got := make([]string, len(starts))
			for i, s := range starts {
				got[i] = s.Format(time.RFC3339)
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("buckets %v, want %v", got, tt.want)
			}
		})
	}
}
