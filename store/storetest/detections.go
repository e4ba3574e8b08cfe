package storetest

import (
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

// raise raises a detection of rule on device at occurred (received a
// minute later), with the given severity.
func raise(t *testing.T, ts store.TenantStore, rule *optics.DetectionRule, device *wolfden.Device, severity string, occurred time.Time) *optics.Detection {
	t.Helper()
	rule.Document.Severity = severity
	d, err := optics.NewDetection(rule, device, nil, occurred, occurred.Add(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.RaiseDetections(ctx, d); err != nil {
		t.Fatal(err)
	}
	return d
}

func testDetections(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	rule := newRule(t, a.ID, "PS Download Cradle")
	rule.Document.Description = "Suspicious PowerShell Download"
	if err := ts.CreateDetectionRule(ctx, rule); err != nil {
		t.Fatal(err)
	}
	fin, hr := newDevice(t, a.ID, "FIN-LT-0042", nil, t0), newDevice(t, a.ID, "HR-DT-7", nil, t0)
	if err := ts.CreateDevices(ctx, fin, hr); err != nil {
		t.Fatal(err)
	}

	first := raise(t, ts, rule, fin, "High", t0)
	second := raise(t, ts, rule, hr, "Low", t0.Add(time.Hour))
	third := raise(t, ts, rule, fin, "Low", t0.Add(25*time.Hour))
	if first.Number != 1 || second.Number != 2 || third.Number != 3 {
		t.Fatalf("numbers %d, %d, %d; want 1, 2, 3", first.Number, second.Number, third.Number)
	}

	got, err := ts.Detection(ctx, first.ID)
	if err != nil || got.PhoneticID() != first.PhoneticID() || got.Device.Name != "FIN-LT-0042" || got.Rule.ID != rule.ID ||
		got.Status != "New" || !got.Occurred.Equal(t0) || len(got.Event) == 0 {
		t.Fatalf("Detection = %+v, %v", got, err)
	}
	_, err = other.Detection(ctx, first.ID)
	wantCode(t, err, wolfden.ENotFound)

	list := func(f optics.DetectionFilter) []int {
		t.Helper()
		if f.Sort.Key == "" {
			f.Sort = optics.DefaultDetectionSort
		}
		page, err := ts.Detections(ctx, f, wolfden.PageRequest{Number: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		numbers := []int{}
		for _, d := range page.Items {
			numbers = append(numbers, d.Number)
		}
		if page.Total != len(numbers) {
			t.Fatalf("total %d for %d items", page.Total, len(numbers))
		}
		return numbers
	}
	at := func(d time.Duration) *time.Time { v := t0.Add(d); return &v }
	for _, tt := range []struct {
		name   string
		filter optics.DetectionFilter
		want   []int
	}{
		{"all, newest first", optics.DetectionFilter{}, []int{3, 2, 1}},
		{"severity", optics.DetectionFilter{Severity: "Low"}, []int{3, 2}},
		{"device part, any case", optics.DetectionFilter{Device: "fin-lt"}, []int{3, 1}},
		{"description part", optics.DetectionFilter{Description: "powershell down"}, []int{3, 2, 1}},
		{"description that no rule has", optics.DetectionFilter{Description: "100%_"}, []int{}},
		{"occurrence range", optics.DetectionFilter{From: at(time.Minute), To: at(24 * time.Hour)}, []int{2}},
		{"received since", optics.DetectionFilter{Since: at(time.Minute)}, []int{3, 2}},
		{"phonetic id ignores the rest", optics.DetectionFilter{PhoneticID: second.PhoneticID(), Severity: "High"}, []int{2}},
		{"sort by severity", optics.DetectionFilter{Sort: wolfden.SortOrder{Key: "Severity"}}, []int{2, 3, 1}},
		{"sort by device descending", optics.DetectionFilter{Sort: wolfden.SortOrder{Key: "Device", Desc: true}}, []int{2, 3, 1}},
		{"sort by phonetic id", optics.DetectionFilter{Sort: wolfden.SortOrder{Key: "PhoneticId"}}, []int{1, 2, 3}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := list(tt.filter); !slices.Equal(got, tt.want) {
				t.Errorf("numbers %v, want %v", got, tt.want)
			}
		})
	}

	starts, err := optics.HistogramInterval{N: 1, Unit: 'd'}.Buckets(t0, t0.Add(48*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	hist, err := ts.DetectionHistogram(ctx, optics.DetectionFilter{}, starts, t0.Add(48*time.Hour))
	if err != nil || len(hist) != 3 || hist[0].Counts["High"] != 1 || hist[0].Counts["Low"] != 1 || hist[1].Counts["Low"] != 1 ||
		hist[2].Counts["Low"] != 0 || hist[2].Counts["Medium"] != 0 {
		t.Fatalf("histogram = %+v, %v", hist, err)
	}

	done, note := optics.DetectionStatus("Done"), "benign"
	changed, err := ts.UpdateDetections(ctx, []optics.DetectionChange{{ID: first.ID, Status: &done}, {ID: second.ID, Comment: &note}})
	if err != nil || len(changed) != 2 || changed[0].Status != "Done" || changed[1].Comment != "benign" {
		t.Fatalf("UpdateDetections = %+v, %v", changed, err)
	}
	_, err = ts.UpdateDetections(ctx, []optics.DetectionChange{{ID: third.ID, Comment: &note}, {ID: uuid.New(), Comment: &note}})
	wantCode(t, err, wolfden.ENotFound)
	if d, _ := ts.Detection(ctx, third.ID); d.Comment != "" {
		t.Error("a refused update changed a detection")
	}
	_, err = other.UpdateDetections(ctx, []optics.DetectionChange{{ID: first.ID, Comment: &note}})
	wantCode(t, err, wolfden.ENotFound)

	if c, err := ts.DetectionRuleCounts(ctx, rule.ID); err != nil || c.Detections != 3 {
		t.Errorf("rule counts %+v, %v", c, err)
	}
	wantCode(t, ts.DeleteDetections(ctx, "ids", []uuid.UUID{first.ID, uuid.New()}), wolfden.ENotFound)
	wantCode(t, other.DeleteDetections(ctx, "", []uuid.UUID{first.ID}), wolfden.ENotFound)
	if err := ts.DeleteDetections(ctx, "ids", []uuid.UUID{first.ID, second.ID}); err != nil {
		t.Fatal(err)
	}
	if got := list(optics.DetectionFilter{}); !slices.Equal(got, []int{3}) {
		t.Errorf("after delete: %v", got)
	}
	// Numbers are never reused, so phonetic ids stay unique.
	if next := raise(t, ts, rule, hr, "Medium", t0); next.Number != 4 {
		t.Errorf("next number %d, want 4", next.Number)
	}
	if d := raise(t, other, newRuleIn(t, other, b.ID), newDeviceIn(t, other, b.ID), "High", t0); d.Number != 1 {
		t.Errorf("another tenant's first number %d, want 1", d.Number)
	}
}

func newRuleIn(t *testing.T, ts store.TenantStore, tenantID uuid.UUID) *optics.DetectionRule {
	t.Helper()
	r := newRule(t, tenantID, "R")
	if err := ts.CreateDetectionRule(ctx, r); err != nil {
		t.Fatal(err)
	}
	return r
}

func newDeviceIn(t *testing.T, ts store.TenantStore, tenantID uuid.UUID) *wolfden.Device {
	t.Helper()
	d := newDevice(t, tenantID, "B-1", nil, t0)
	if err := ts.CreateDevices(ctx, d); err != nil {
		t.Fatal(err)
	}
	return d
}
