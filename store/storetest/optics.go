package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// newRule returns a valid one-state detection rule named name.
func newRule(t *testing.T, tenantID uuid.UUID, name string) *optics.DetectionRule {
	t.Helper()
	doc := optics.RuleDocument{Name: name, Severity: "High", OperatingSystems: []optics.NameRef{{Name: "Windows"}},
		States: []optics.RuleState{{Name: "S", FieldOperators: map[string]optics.FieldOperator{"Name": {Type: "Exists"}},
			Filters: []optics.RuleFilter{{Type: "Event", Data: &optics.EventFilter{Category: "Process"}}}}}}
	r, err := optics.NewDetectionRule(tenantID, optics.RuleKindDetection, doc, wolfden.Modifier{ID: uuid.New(), Login: "ci"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testDetectionRules(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	r := newRule(t, a.ID, "Office spawning mshta")
	if err := ts.CreateDetectionRule(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := ts.DetectionRule(ctx, optics.RuleKindDetection, r.ID)
	if err != nil || got.Version != 1 || !got.Active || got.Document.Name != r.Document.Name || got.ModifiedBy != r.ModifiedBy ||
		len(got.Document.States) != 1 || !got.Modified.Equal(t0) {
		t.Fatalf("DetectionRule = %+v, %v", got, err)
	}
	_, err = other.DetectionRule(ctx, optics.RuleKindDetection, r.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = other.UpdateDetectionRule(ctx, optics.RuleKindDetection, r.ID, func(*optics.DetectionRule) error { return nil })
	wantCode(t, err, wolfden.ENotFound)

	later := t0.Add(time.Hour)
	doc := r.Document
	doc.Name = "Renamed"
	if _, err := ts.UpdateDetectionRule(ctx, optics.RuleKindDetection, r.ID, func(x *optics.DetectionRule) error {
		return x.Replace(doc, wolfden.Modifier{Login: "other"}, later)
	}); err != nil {
		t.Fatal(err)
	}
	// A refused change leaves the stored rule as it was.
	_, err = ts.UpdateDetectionRule(ctx, optics.RuleKindDetection, r.ID, func(x *optics.DetectionRule) error {
		x.Deactivate(wolfden.Modifier{}, later)
		return wolfden.Errorf(wolfden.EInvalid, "refused")
	})
	wantCode(t, err, wolfden.EInvalid)
	if got, _ := ts.DetectionRule(ctx, optics.RuleKindDetection, r.ID); got.Version != 2 || got.Document.Name != "Renamed" || !got.Active ||
		got.ModifiedBy.Login != "other" {
		t.Fatalf("after update %+v", got)
	}
	if _, err := ts.UpdateDetectionRule(ctx, optics.RuleKindDetection, r.ID, func(x *optics.DetectionRule) error {
		x.Deactivate(wolfden.Modifier{Login: "x"}, later)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ts.DetectionRule(ctx, optics.RuleKindDetection, r.ID); got.Active {
		t.Fatal("deactivated rule reads back active")
	}
	_, err = ts.DetectionRule(ctx, optics.RuleKindDetection, uuid.New())
	wantCode(t, err, wolfden.ENotFound)

	// An exception is reached only as an exception, and listed when
	// deactivated; deactivated detection rules are not listed.
	doc.Severity, doc.ObjectType, doc.States[0].Filters = "", "", nil
	exc, err := optics.NewDetectionRule(a.ID, optics.RuleKindException, doc, wolfden.Modifier{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.CreateDetectionRule(ctx, exc); err != nil {
		t.Fatal(err)
	}
	_, err = ts.DetectionRule(ctx, optics.RuleKindDetection, exc.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = ts.DetectionRule(ctx, optics.RuleKindException, r.ID)
	wantCode(t, err, wolfden.ENotFound)
	if _, err := ts.UpdateDetectionRule(ctx, optics.RuleKindException, exc.ID, func(x *optics.DetectionRule) error {
		x.Deactivate(wolfden.Modifier{}, later)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for kind, want := range map[optics.RuleKind]int{optics.RuleKindDetection: 0, optics.RuleKindException: 1} {
		if page, err := ts.DetectionRules(ctx, kind, wolfden.PageRequest{Number: 1, Size: 10}); err != nil || page.Total != want {
			t.Errorf("%s list: %d, %v; want %d", kind, page.Total, err, want)
		}
	}
}

func testRuleSets(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	rule, idle := newRule(t, a.ID, "Office spawning mshta"), newRule(t, a.ID, "Idle rule")
	for _, r := range []*optics.DetectionRule{rule, idle} {
		if err := ts.CreateDetectionRule(ctx, r); err != nil {
			t.Fatal(err)
		}
	}
	rules := map[uuid.UUID]*optics.DetectionRule{rule.ID: rule, idle.ID: idle}
	by := wolfden.Modifier{ID: uuid.New(), Login: "ci"}
	set, err := optics.NewRuleSet(a.ID, optics.RuleSetChange{Name: "Finance EDR", Rules: []optics.RuleSetRuleChange{
		{RuleID: rule.ID.String(), Enabled: true}, {RuleID: idle.ID.String()}}}, rules, by, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.CreateRuleSet(ctx, set); err != nil {
		t.Fatal(err)
	}
	dup, _ := optics.NewRuleSet(a.ID, optics.RuleSetChange{Name: "FINANCE edr"}, rules, by, t0)
	wantCode(t, ts.CreateRuleSet(ctx, dup), wolfden.EConflict)

	policy := newPolicy(t, a.ID, "Finance")
	if err := ts.CreatePolicy(ctx, policy); err != nil {
		t.Fatal(err)
	}
	d := newDevice(t, a.ID, "fin-1", nil, t0)
	d.Policy = wolfden.Policy{ID: policy.ID}
	if err := ts.CreateDevices(ctx, d, newDevice(t, a.ID, "other-1", nil, t0)); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ts.AssignRuleSet(ctx, set.ID, []uuid.UUID{policy.ID, uuid.New()}, nil), wolfden.ENotFound)
	if got, _ := ts.RuleSet(ctx, set.ID); len(got.Policies) != 0 {
		t.Fatal("a refused assignment linked a policy")
	}
	if err := ts.AssignRuleSet(ctx, set.ID, []uuid.UUID{policy.ID}, nil); err != nil {
		t.Fatal(err)
	}
	got, err := ts.RuleSet(ctx, set.ID)
	if err != nil || got.DeviceCount != 1 || len(got.Policies) != 1 || got.Policies[0].ID != policy.ID || len(got.Rules) != 2 ||
		got.Rules[0].Name != "Office spawning mshta" || !got.Rules[0].Enabled {
		t.Fatalf("RuleSet = %+v, %v", got, err)
	}
	if c, err := ts.DetectionRuleCounts(ctx, rule.ID); err != nil || c != (store.RuleCounts{RuleSets: 1, Devices: 1}) {
		t.Errorf("counts of the enabled rule: %+v, %v", c, err)
	}
	if c, _ := ts.DetectionRuleCounts(ctx, idle.ID); c != (store.RuleCounts{RuleSets: 1}) {
		t.Errorf("counts of the disabled rule: %+v", c)
	}
	page, err := ts.DetectionRules(ctx, optics.RuleKindDetection, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 2 || page.Items[1].ID != rule.ID || page.Items[1].DeviceCount != 1 {
		t.Fatalf("DetectionRules = %+v, %v", page, err)
	}
	if sets, err := ts.RuleSets(ctx, optics.RuleSetFilter{}, wolfden.PageRequest{Number: 1, Size: 10}); err != nil || sets.Total != 1 || sets.Items[0].DeviceCount != 1 {
		t.Fatalf("RuleSets = %+v, %v", sets, err)
	}
	if names, err := ts.RuleSetNames(ctx); err != nil || len(names) != 1 || names[0].ID != set.ID || names[0].Name != "Finance EDR" {
		t.Fatalf("RuleSetNames = %+v, %v", names, err)
	}
	if names, _ := other.RuleSetNames(ctx); len(names) != 0 {
		t.Fatalf("another tenant's RuleSetNames = %+v", names)
	}

	_, err = other.RuleSet(ctx, set.ID)
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, other.DeleteRuleSets(ctx, []uuid.UUID{set.ID}), wolfden.ENotFound)
	wantCode(t, other.AssignRuleSet(ctx, set.ID, nil, nil), wolfden.ENotFound)

	updated, err := ts.UpdateRuleSet(ctx, set.ID, func(x *optics.RuleSet) error {
		return x.Replace(optics.RuleSetChange{Name: "Finance EDR v2", Rules: []optics.RuleSetRuleChange{{RuleID: rule.ID.String()}}},
			rules, by, t0.Add(time.Hour))
	})
	if err != nil || updated.Name != "Finance EDR v2" || len(updated.Rules) != 1 || !updated.Rules[0].Added.Equal(t0) {
		t.Fatalf("UpdateRuleSet = %+v, %v", updated, err)
	}
	if c, _ := ts.DetectionRuleCounts(ctx, rule.ID); c.Devices != 0 {
		t.Errorf("a disabled rule still counts %d devices", c.Devices)
	}
	wantCode(t, ts.DeleteRuleSets(ctx, []uuid.UUID{set.ID, uuid.New()}), wolfden.ENotFound)
	if _, err := ts.RuleSet(ctx, set.ID); err != nil {
		t.Fatal("a refused bulk delete deleted a set")
	}
	if err := ts.DeleteRuleSets(ctx, []uuid.UUID{set.ID}); err != nil {
		t.Fatal(err)
	}
	if c, _ := ts.DetectionRuleCounts(ctx, rule.ID); c.RuleSets != 0 {
		t.Errorf("deleted set still holds the rule")
	}
}

// testRuleSetList checks the rule set list's filters and sorts.
func testRuleSetList(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts := s.ForTenant(a.ID)
	alice, bob := wolfden.Modifier{ID: uuid.New(), Login: "Alice@Example.org"}, wolfden.Modifier{ID: uuid.New(), Login: "bob@example.org"}
	sets := map[string]*optics.RuleSet{}
	for _, c := range []struct {
		name, description string
		by                wolfden.Modifier
		at                time.Time
	}{
		{"Finance EDR", "Rules for FINANCE devices", alice, t0},
		{"Servers", "Servers and 100% of Éclairs", bob, t0.Add(time.Hour)},
		{"Laptops", "", alice, t0.Add(24 * time.Hour)},
	} {
		set, err := optics.NewRuleSet(a.ID, optics.RuleSetChange{Name: c.name, Description: c.description}, nil, c.by, c.at)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.CreateRuleSet(ctx, set); err != nil {
			t.Fatal(err)
		}
		sets[c.name] = set
	}
	// Finance EDR on two devices, Servers on one.
	for _, p := range []struct {
		set     string
		devices int
	}{{"Finance EDR", 2}, {"Servers", 1}} {
		policy := newPolicy(t, a.ID, p.set+" policy")
		if err := ts.CreatePolicy(ctx, policy); err != nil {
			t.Fatal(err)
		}
		for i := range p.devices {
			d := newDevice(t, a.ID, fmt.Sprintf("%s-%d", p.set, i), nil, t0)
			d.Policy = wolfden.Policy{ID: policy.ID}
			if err := ts.CreateDevices(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
		if err := ts.AssignRuleSet(ctx, sets[p.set].ID, []uuid.UUID{policy.ID}, nil); err != nil {
			t.Fatal(err)
		}
	}
	// Another tenant's set matches every filter but is never listed.
	theirs, _ := optics.NewRuleSet(b.ID, optics.RuleSetChange{Name: "Finance EDR", Description: "Rules for finance devices"}, nil, alice, t0)
	if err := s.ForTenant(b.ID).CreateRuleSet(ctx, theirs); err != nil {
		t.Fatal(err)
	}

	span := func(prefix string) *wolfden.TimeSpan {
		sp, err := wolfden.ParseTimePrefix("last_modified", prefix)
		if err != nil {
			t.Fatal(err)
		}
		return &sp
	}
	count := func(n int) *int { return &n }
	for _, tt := range []struct {
		name   string
		filter optics.RuleSetFilter
		want   []string
	}{
		{"all by name", optics.RuleSetFilter{}, []string{"Finance EDR", "Laptops", "Servers"}},
		{"by name descending", optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "name", Desc: true}}, []string{"Servers", "Laptops", "Finance EDR"}},
		{"description in any case", optics.RuleSetFilter{Description: "finance"}, []string{"Finance EDR"}},
		{"description beyond ASCII", optics.RuleSetFilter{Description: "éCLAIRS"}, []string{"Servers"}},
		{"description with a LIKE wildcard", optics.RuleSetFilter{Description: "100%"}, []string{"Servers"}},
		{"description that is a wildcard", optics.RuleSetFilter{Description: "_"}, nil},
		{"login in any case", optics.RuleSetFilter{ModifiedByLogin: "alice@"}, []string{"Finance EDR", "Laptops"}},
		{"modifier id", optics.RuleSetFilter{ModifiedByID: &bob.ID}, []string{"Servers"}},
		{"last modified on a day", optics.RuleSetFilter{Modified: span(t0.Format("2006-01-02"))}, []string{"Finance EDR", "Servers"}},
		{"last modified in an hour", optics.RuleSetFilter{Modified: span(t0.Add(time.Hour).Format("2006-01-02T15"))}, []string{"Servers"}},
		{"last modified to the second", optics.RuleSetFilter{Modified: span(t0.Format(time.RFC3339))}, []string{"Finance EDR"}},
		{"device count", optics.RuleSetFilter{DeviceCount: count(2)}, []string{"Finance EDR"}},
		{"no devices", optics.RuleSetFilter{DeviceCount: count(0)}, []string{"Laptops"}},
		{"two filters", optics.RuleSetFilter{ModifiedByLogin: "ALICE", DeviceCount: count(0)}, []string{"Laptops"}},
		{"by device count", optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "device_count"}}, []string{"Laptops", "Servers", "Finance EDR"}},
		{"by last change, newest first", optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "last_modified", Desc: true}}, []string{"Laptops", "Servers", "Finance EDR"}},
		{"by description", optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "description"}}, []string{"Laptops", "Finance EDR", "Servers"}},
		{"by login, then name", optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "modified_by.login"}}, []string{"Finance EDR", "Laptops", "Servers"}},
		{"by login descending, then name descending", optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "modified_by.login", Desc: true}}, []string{"Servers", "Laptops", "Finance EDR"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page, err := ts.RuleSets(ctx, tt.filter, wolfden.PageRequest{Number: 1, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, set := range page.Items {
				got = append(got, set.Name)
			}
			if !slices.Equal(got, tt.want) || page.Total != len(tt.want) {
				t.Errorf("listed %q (total %d), want %q", got, page.Total, tt.want)
			}
		})
	}
	// The count covers the filter, not the page.
	page, err := ts.RuleSets(ctx, optics.RuleSetFilter{ModifiedByLogin: "example.org", Sort: wolfden.SortOrder{Key: "last_modified"}},
		wolfden.PageRequest{Number: 2, Size: 2})
	if err != nil || page.Total != 3 || len(page.Items) != 1 || page.Items[0].Name != "Laptops" || page.Items[0].DeviceCount != 0 {
		t.Errorf("second page %+v, %v", page, err)
	}
	_, err = ts.RuleSets(ctx, optics.RuleSetFilter{Sort: wolfden.SortOrder{Key: "rules"}}, wolfden.PageRequest{Number: 1, Size: 10})
	wantCode(t, err, wolfden.EInvalid)
}
