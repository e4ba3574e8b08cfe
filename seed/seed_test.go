package seed_test

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
	"github.com/wolfden/wolfden/store"
	"github.com/wolfden/wolfden/store/storetest"
)

var ctx = context.Background()

// snapshot reads back everything a seed made, in the API's orders.
func snapshot(t *testing.T, ts store.TenantStore) (devices []wolfden.Device, threats []wolfden.Threat, events []wolfden.MemoryEvent, zones []wolfden.Zone, detections []optics.Detection) {
	t.Helper()
	all := wolfden.PageRequest{Number: 1, Size: 100000}
	d, err1 := ts.Devices(ctx, all, true)
	th, err2 := ts.Threats(ctx, nil, nil, all)
	ev, err3 := ts.MemoryEvents(ctx, nil, nil, nil, all)
	z, err4 := ts.Zones(ctx, wolfden.PageRequest{Number: 1, Size: 200})
	det, err5 := ts.Detections(ctx, optics.DetectionFilter{Sort: wolfden.SortOrder{Key: "PhoneticId"}}, all)
	for _, err := range []error{err1, err2, err3, err4, err5} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for i := range d.Items {
		for j := range d.Items[i].Zones {
			d.Items[i].Zones[j].TenantID = [16]byte{} // the tenants differ
		}
		d.Items[i].TenantID = [16]byte{}
	}
	for i := range z.Items {
		z.Items[i].TenantID = [16]byte{}
	}
	for i := range det.Items {
		det.Items[i].TenantID = [16]byte{}
	}
	return d.Items, th.Items, ev.Items, z.Items, det.Items
}

func TestSeed(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		s := b.Open(t)
		now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		plan := seed.Plan{Devices: 300, Threats: 200, MemoryEvents: 50, Detections: 150, Seed: 42, Now: now}
		var snaps [2][]any
		for i, name := range []string{"first", "second"} {
			tn, _ := storetest.NewTenant(t, s, name)
			ts := s.ForTenant(tn.ID)
			var stages []string
			sum, err := seed.Run(ctx, ts, plan, func(stage string, done, total int) {
				if done > total {
					t.Errorf("%s: %d of %d", stage, done, total)
				}
				stages = append(stages, stage)
			})
			if err != nil {
				t.Fatal(err)
			}
			if sum.Devices != 300 || sum.Threats != 200 || sum.Sightings != 800 || sum.MemoryEvents != 50 || sum.Zones < 3 || sum.Policies != 2 ||
				sum.Detections+sum.Suppressed != 150 || sum.Suppressed == 0 || len(stages) != 4 {
				t.Fatalf("summary %+v, progress %v", sum, stages)
			}
			devices, threats, events, zones, detections := snapshot(t, ts)
			if len(detections) != sum.Detections {
				t.Fatalf("%d detections stored, %d raised", len(detections), sum.Detections)
			}
			statuses, severities := map[optics.DetectionStatus]bool{}, map[string]bool{}
			for _, d := range detections {
				statuses[d.Status], severities[d.Severity] = true, true
				if d.Event["Parent"] == "backupagent.exe" || d.Occurred.After(now) || d.Occurred.Before(now.AddDate(0, 0, -30)) {
					t.Fatalf("implausible detection %+v", d)
				}
			}
			if len(statuses) < 3 || len(severities) < 3 {
				t.Errorf("no variety: statuses %v, severities %v", statuses, severities)
			}
			if len(devices) != 300 || len(events) != 50 || len(threats) != 200 {
				t.Fatalf("%d devices, %d threats, %d events", len(devices), len(threats), len(events))
			}
			// A threat's sample is harmless text whose hashes and size are the threat's.
			for _, th := range threats[:5] {
				withSample, err := ts.ThreatSample(ctx, th.SHA256)
				if err != nil {
					t.Fatal(err)
				}
				var content bytes.Buffer
				if err := withSample.WriteSample(&content); err != nil {
					t.Fatal(err)
				}
				sha, md := sha256.Sum256(content.Bytes()), md5.Sum(content.Bytes())
				if hex.EncodeToString(sha[:]) != strings.ToLower(th.SHA256) || hex.EncodeToString(md[:]) != strings.ToLower(th.MD5) ||
					int64(content.Len()) != th.FileSize || !strings.Contains(content.String(), "harmless") {
					t.Fatalf("the sample of %+v: %d bytes hashing to %x %x", th, content.Len(), sha, md)
				}
			}
			var offline, unsafe, withPolicy int
			for _, d := range devices {
				if d.Policy.ID != wolfden.DefaultPolicyID {
					withPolicy++
				}
				if d.State == wolfden.Offline {
					offline++
				}
				if !d.IsSafe {
					unsafe++
				}
				if len(d.Zones) != 1 || len(d.MACAddresses) == 0 || d.OSVersion == "" || d.HostName == "" {
					t.Fatalf("implausible device %+v", d)
				}
				if d.Registered.After(now) || d.Registered.Before(now.AddDate(-1, 0, 0)) {
					t.Fatalf("registered %v, not within the year before %v", d.Registered, now)
				}
			}
			if offline == 0 || offline == len(devices) || unsafe == 0 || withPolicy == 0 || withPolicy == len(devices) {
				t.Errorf("no variety: %d offline, %d unsafe, %d with a policy of their own, of %d", offline, unsafe, withPolicy, len(devices))
			}
			snaps[i] = []any{devices, threats, events, zones, detections}
		}
		if !reflect.DeepEqual(snaps[0], snaps[1]) {
			t.Error("the same seed made different data")
		}

		// Another seed makes other data; seeding a tenant again reuses its zones.
		tn, _ := storetest.NewTenant(t, s, "third")
		ts := s.ForTenant(tn.ID)
		plan.Seed = 7
		if _, err := seed.Run(ctx, ts, plan, nil); err != nil {
			t.Fatal(err)
		}
		devices, _, _, _, _ := snapshot(t, ts)
		if reflect.DeepEqual(devices, snaps[0][0]) {
			t.Error("seeds 7 and 42 made the same devices")
		}
		plan.Seed = 8
		if _, err := seed.Run(ctx, ts, plan, nil); err != nil {
			t.Fatalf("seeding a tenant again: %v", err)
		}
		_, err := seed.Run(ctx, ts, plan, nil)
		if e := (*wolfden.Error)(nil); !errors.As(err, &e) || e.Field != "seed" {
			t.Errorf("seeding a tenant again with the same seed: %v, want a 400 naming seed", err)
		}
		if _, _, _, zones, _ := snapshot(t, ts); len(zones) != 3 {
			t.Errorf("%d zones after seeding twice, want 3", len(zones))
		}
		rules, _ := ts.ActiveDetectionRules(ctx, optics.RuleKindDetection)
		if len(rules) != 7 {
			t.Fatalf("%d rules after seeding twice, want 7", len(rules))
		}
		// The seeded rule set is on the seeded policies, so rules reach devices.
		if c, err := ts.DetectionRuleCounts(ctx, rules[0].ID); err != nil || c.RuleSets != 1 || c.Devices == 0 {
			t.Errorf("counts of %q: %+v, %v", rules[0].Document.Name, c, err)
		}
		if sets, _ := ts.RuleSetNames(ctx); len(sets) != 1 {
			t.Errorf("%d rule sets after seeding twice, want 1", len(sets))
		}
		if p, _ := ts.Policies(ctx, wolfden.PageRequest{Number: 1, Size: 10}); p.Total != 3 {
			t.Errorf("%d policies after seeding twice, want Default and 2", p.Total)
		}
	})
}

func TestSeedSightings(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		s := b.Open(t)
		now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
		for _, tt := range []struct {
			threats, sightings int
			want               int    // sightings made
			field              string // of the error
		}{
			{threats: 25, want: 100},
			{threats: 25, sightings: 25, want: 25},
			{threats: 3, sightings: 40, want: 40},
			{threats: 25, sightings: 24, field: "sightings"},
			{sightings: 5, field: "sightings"},
		} {
			tn, _ := storetest.NewTenant(t, s, fmt.Sprintf("%d of %d", tt.sightings, tt.threats))
			ts := s.ForTenant(tn.ID)
			sum, err := seed.Run(ctx, ts, seed.Plan{Devices: 10, Threats: tt.threats, Sightings: tt.sightings, Seed: 3, Now: now}, nil)
			if tt.field != "" {
				if e := (*wolfden.Error)(nil); !errors.As(err, &e) || e.Field != tt.field {
					t.Errorf("%d threats, %d sightings: %v, want an error on %s", tt.threats, tt.sightings, err, tt.field)
				}
				continue
			}
			if err != nil {
				t.Fatal(err)
			}
			page, err := ts.Threats(ctx, nil, nil, wolfden.PageRequest{Number: 1, Size: 200})
			if err != nil {
				t.Fatal(err)
			}
			found := 0
			for _, th := range page.Items {
				where, err := ts.ThreatDevices(ctx, th.SHA256, wolfden.PageRequest{Number: 1, Size: 200})
				if err != nil {
					t.Fatal(err)
				}
				found += where.Total
			}
			// Two sightings of a file at the same path on the same device are one.
			if page.Total != tt.threats || sum.Threats != tt.threats || sum.Sightings != tt.want || found > tt.want || found < tt.want*9/10 {
				t.Errorf("%d threats, %d sightings: summary %+v; %d threats listed, found %d times", tt.threats, tt.sightings, sum, page.Total, found)
			}
		}
	})
}
