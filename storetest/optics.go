package storetest

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/wolfden/wolfden"
)

// newRule returns a valid one-state detection rule named name.
func newRule(t *testing.T, tenantID uuid.UUID, name string) *wolfden.DetectionRule {
	t.Helper()
	doc := wolfden.RuleDocument{Name: name, Severity: "High", OperatingSystems: []wolfden.NameRef{{Name: "Windows"}},
		States: []wolfden.RuleState{{Name: "S", FieldOperators: map[string]wolfden.FieldOperator{"Name": {Type: "Exists"}},
			Filters: []wolfden.RuleFilter{{Type: "Event", Data: &wolfden.EventFilter{Category: "Process"}}}}}}
	r, err := wolfden.NewDetectionRule(tenantID, doc, wolfden.Modifier{ID: uuid.New(), Login: "ci"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testDetectionRules(t *testing.T, s wolfden.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	r := newRule(t, a.ID, "Office spawning mshta")
	if err := ts.CreateDetectionRule(ctx, r); err != nil {
		t.Fatal(err)
	}
	got, err := ts.DetectionRule(ctx, r.ID)
	if err != nil || got.Version != 1 || !got.Active || got.Document.Name != r.Document.Name || got.ModifiedBy != r.ModifiedBy ||
		len(got.Document.States) != 1 || !got.Modified.Equal(t0) {
		t.Fatalf("DetectionRule = %+v, %v", got, err)
	}
	_, err = other.DetectionRule(ctx, r.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = other.UpdateDetectionRule(ctx, r.ID, func(*wolfden.DetectionRule) error { return nil })
	wantCode(t, err, wolfden.ENotFound)

	later := t0.Add(time.Hour)
	doc := r.Document
	doc.Name = "Renamed"
	if _, err := ts.UpdateDetectionRule(ctx, r.ID, func(x *wolfden.DetectionRule) error {
		return x.Replace(doc, wolfden.Modifier{Login: "other"}, later)
	}); err != nil {
		t.Fatal(err)
	}
	// A refused change leaves the stored rule as it was.
	_, err = ts.UpdateDetectionRule(ctx, r.ID, func(x *wolfden.DetectionRule) error {
		x.Deactivate(wolfden.Modifier{}, later)
		return wolfden.Errorf(wolfden.EInvalid, "refused")
	})
	wantCode(t, err, wolfden.EInvalid)
	if got, _ := ts.DetectionRule(ctx, r.ID); got.Version != 2 || got.Document.Name != "Renamed" || !got.Active ||
		got.ModifiedBy.Login != "other" {
		t.Fatalf("after update %+v", got)
	}
	if _, err := ts.UpdateDetectionRule(ctx, r.ID, func(x *wolfden.DetectionRule) error {
		x.Deactivate(wolfden.Modifier{Login: "x"}, later)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ts.DetectionRule(ctx, r.ID); got.Active {
		t.Fatal("deactivated rule reads back active")
	}
	_, err = ts.DetectionRule(ctx, uuid.New())
	wantCode(t, err, wolfden.ENotFound)
}
