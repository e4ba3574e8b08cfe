package seed

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// seeder is who the seed's OPTICS objects say made them.
var seeder = wolfden.Modifier{ID: uuid.MustParse("00000000-0000-4000-8000-00000000a9e7"), Login: "wolfden seed"}

// ruleSpec is a detection rule the seed makes: one state testing one
// event field with an operator.
type ruleSpec struct {
	name, description, severity, system, category string
	field, operator                               string
	values                                        []string
}

var ruleSpecs = []ruleSpec{
	{"PS Download Cradle", "Suspicious PowerShell Download Cradle", "High", "Windows", "Process",
		"CommandLine", "ContainsAny", []string{"DownloadString", "Invoke-WebRequest", "Net.WebClient"}},
	{"Office spawning mshta", "Office application launches mshta.exe", "Medium", "Windows", "Process",
		"Function", "EqualsAny", []string{"mshta.exe"}},
	{"LSASS memory read", "Credential dumping from LSASS", "High", "Windows", "Process",
		"TargetProcess", "EqualsAny", []string{"lsass.exe"}},
	{"Scheduled task persistence", "Scheduled task created from a user folder", "Low", "Windows", "Process",
		"CommandLine", "ContainsAny", []string{"schtasks /create"}},
	{"Unsigned driver load", "Unsigned kernel driver loaded", "Informational", "Windows", "Module",
		"Signed", "Equals", []string{"false"}},
	{"osascript fetching payload", "AppleScript downloading and running a payload", "Medium", "macOS", "Process",
		"CommandLine", "ContainsAny", []string{"curl -s"}},
	{"Bash reverse shell", "Interactive shell redirected to a TCP socket", "High", "Linux", "Process",
		"CommandLine", "ContainsAny", []string{"/dev/tcp/"}},
}

// backupAgent is what the seed's exception allows: a detection whose event
// has this parent process is suppressed.
const backupAgent = "backupagent.exe"

var parentProcesses = []string{"explorer.exe", "winword.exe", "excel.exe", "cmd.exe", "services.exe", backupAgent}

func (s ruleSpec) document(kind optics.RuleKind) optics.RuleDocument {
	data, _ := jsontext.AppendQuote(nil, s.values[0])
	source := "Literal"
	if len(s.values) > 1 {
		source, data = "LiteralSet", quoteAll(s.values)
	}
	state := optics.RuleState{Name: "Match", FieldOperators: map[string]optics.FieldOperator{s.field: {Type: s.operator,
		Operands: []optics.Operand{{Source: source, Data: data}}, Options: &optics.OperatorOpts{IgnoreCase: true}}},
		Actions: []optics.RuleAction{{Type: "AOI", ItemName: "InstigatingProcess", Position: "PostActivation"}}}
	doc := optics.RuleDocument{Name: s.name, Description: s.description, Severity: s.severity,
		OperatingSystems: []optics.NameRef{{Name: s.system}}, States: []optics.RuleState{state}}
	if kind == optics.RuleKindDetection {
		doc.States[0].Filters = []optics.RuleFilter{{Type: "Event", Data: &optics.EventFilter{Category: s.category, Type: "*"}}}
	} else {
		doc.ObjectType = "ExceptionRule"
	}
	return doc
}

// quoteAll is a JSON array of the strings.
func quoteAll(values []string) jsontext.Value {
	b := []byte{'['}
	for i, v := range values {
		if i > 0 {
			b = append(b, ',')
		}
		b, _ = jsontext.AppendQuote(b, v)
	}
	return append(b, ']')
}

// optics makes (or, seeding again, finds by name) the detection rules, the
// backup-agent exception and a rule set enabling the rules on the seed's
// policies. It answers the active detection rules and exceptions.
func (g *generator) optics(ctx context.Context, t store.TenantStore, policies map[string]uuid.UUID) (rules, exceptions []optics.DetectionRule, err error) {
	exceptionSpec := ruleSpec{name: "Allow backup agent", description: "The backup agent runs scripts nightly", system: "Windows",
		field: "Parent", operator: "EqualsAny", values: []string{backupAgent}}
	for _, want := range []struct {
		kind  optics.RuleKind
		specs []ruleSpec
		into  *[]optics.DetectionRule
	}{{optics.RuleKindDetection, ruleSpecs, &rules}, {optics.RuleKindException, []ruleSpec{exceptionSpec}, &exceptions}} {
		existing, err := t.ActiveDetectionRules(ctx, want.kind)
		if err != nil {
			return nil, nil, err
		}
		for _, spec := range want.specs {
			if i := slices.IndexFunc(existing, func(r optics.DetectionRule) bool { return r.Document.Name == spec.name }); i >= 0 {
				*want.into = append(*want.into, existing[i])
				continue
			}
			r, err := optics.NewDetectionRule(t.TenantID(), want.kind, spec.document(want.kind), seeder, g.now)
			if err != nil {
				return nil, nil, err
			}
			r.ID = g.id()
			r.Document.ID = r.ID.String()
			if err := t.CreateDetectionRule(ctx, r); err != nil {
				return nil, nil, err
			}
			*want.into = append(*want.into, *r)
		}
	}
	return rules, exceptions, g.ruleSet(ctx, t, rules, policies)
}

// ruleSet enables every seeded rule in a set assigned to the seeded
// policies, unless a set of its name exists.
func (g *generator) ruleSet(ctx context.Context, t store.TenantStore, rules []optics.DetectionRule, policies map[string]uuid.UUID) error {
	const name = "Seeded detections"
	names, err := t.RuleSetNames(ctx)
	if err != nil || slices.ContainsFunc(names, func(n optics.RuleSetName) bool { return n.Name == name }) {
		return err
	}
	change := optics.RuleSetChange{Name: name, Description: "Every rule wolfden seed makes, enabled"}
	byID := make(map[uuid.UUID]*optics.DetectionRule, len(rules))
	for i := range rules {
		byID[rules[i].ID] = &rules[i]
		change.Rules = append(change.Rules, optics.RuleSetRuleChange{RuleID: rules[i].ID.String(), Enabled: true})
	}
	set, err := optics.NewRuleSet(t.TenantID(), change, byID, seeder, g.now)
	if err != nil {
		return err
	}
	set.ID = g.id()
	if err := t.CreateRuleSet(ctx, set); err != nil {
		return err
	}
	var link []uuid.UUID
	for _, kind := range []string{"server", "laptop"} {
		if id, ok := policies[kind]; ok {
			link = append(link, id)
		}
	}
	if len(link) == 0 {
		return nil
	}
	return t.AssignRuleSet(ctx, set.ID, link, nil)
}

// rulesBySystem groups rules by the operating systems they run on.
func rulesBySystem(rules []optics.DetectionRule) map[string][]*optics.DetectionRule {
	by := map[string][]*optics.DetectionRule{}
	for i := range rules {
		for _, os := range rules[i].Document.OperatingSystems {
			by[os.Name] = append(by[os.Name], &rules[i])
		}
	}
	return by
}

// detection raises a rule that runs on the device's system, as its agent
// would have over the last 30 days, with an event made from the rule and a
// parent process; it answers nil when no rule runs there or an exception
// suppresses it.
func (g *generator) detection(d *wolfden.Device, rules map[string][]*optics.DetectionRule, exceptions []optics.DetectionRule) (*optics.Detection, error) {
	system := optics.DeviceSystem(d.OSVersion)
	candidates := rules[system]
	if len(candidates) == 0 {
		return nil, nil
	}
	rule := candidates[g.rng.IntN(len(candidates))]
	event := rule.Document.SampleEvent()
	if system == "Windows" {
		event["Parent"] = g.pick(parentProcesses)
	}
	event["ProcessId"] = fmt.Sprint(1000 + g.rng.IntN(30000))
	occurred := g.ago(30 * 24 * time.Hour)
	det, err := optics.NewDetection(rule, d, event, occurred, occurred.Add(time.Duration(1+g.rng.IntN(90))*time.Second))
	if err != nil {
		return nil, err
	}
	if len(det.Suppressed(exceptions)) > 0 {
		return nil, nil
	}
	det.ID = g.id()
	det.Status = optics.DetectionStatuses[[]int{0, 0, 0, 0, 1, 2, 3, 4, 5}[g.rng.IntN(9)]]
	return det, nil
}
