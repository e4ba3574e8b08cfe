package storetest

import (
	"reflect"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// Concurrent read-change-write updates of one device lose none of their
// changes: each increments a counter kept in the name, so a lost update
// shows as a short count. Renames and zone changes mix, so that both of
// UpdateDevice's paths race each other.
func testConcurrentDeviceUpdates(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Counting")
	ts := s.ForTenant(tn.ID)
	d := createDevice(t, ts, "counter")
	zone := newZone(t, tn.ID, "Toggled", wolfden.DefaultPolicyID)
	if err := ts.CreateZone(ctx, zone); err != nil {
		t.Fatal(err)
	}
	increment := func(toggleZone bool) func(*wolfden.Device) error {
		return func(d *wolfden.Device) error {
			n, _ := strconv.Atoi(d.Name)
			d.Name = strconv.Itoa(n + 1)
			if toggleZone {
				if len(d.Zones) == 0 {
					d.Zones = []wolfden.Zone{{ID: zone.ID}}
				} else {
					d.Zones = nil
				}
			}
			return nil
		}
	}
	const updates = 40
	var wg sync.WaitGroup
	errs := make(chan error, updates)
	for i := range updates {
		wg.Go(func() {
			if _, err := ts.UpdateDevice(ctx, d.ID, increment(i%4 == 0)); err != nil {
				errs <- err
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := ts.Device(ctx, d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != strconv.Itoa(updates) {
		t.Errorf("after %d concurrent increments the count is %s", updates, got.Name)
	}
	if _, err := ts.UpdateDevice(ctx, uuid.New(), increment(false)); wolfden.CodeOf(err) != wolfden.ENotFound {
		t.Errorf("updating an unknown device: %v, want ENotFound", err)
	}
}

// An update stores exactly what its change did, whichever columns that
// touched, and leaves the rest as they were: the stores write only the
// columns that differ, so each case changes a different few, in turn on
// one device.
func testDeviceUpdateColumns(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Columns")
	ts := s.ForTenant(tn.ID)
	d := createDevice(t, ts, "col-01")
	t1 := t0.Add(time.Hour)
	for _, tt := range []struct {
		name   string
		change func(*wolfden.Device)
	}{
		{"nothing", func(*wolfden.Device) {}},
		{"name", func(d *wolfden.Device) { d.Name = "renamed" }},
		{"host name", func(d *wolfden.Device) { d.HostName = "COL-02.corp" }},
		{"offline", func(d *wolfden.Device) { d.SetState(wolfden.Offline, t1) }},
		{"online again", func(d *wolfden.Device) { d.SetState(wolfden.Online, t1.Add(time.Minute)) }},
		{"agent facts", func(d *wolfden.Device) {
			d.IPAddresses, d.AgentVersion, d.OSVersion = []string{"10.1.2.3", "10.1.2.4"}, "3.2.1", "Windows 11"
			d.BackgroundDetection, d.UpdateAvailable = !d.BackgroundDetection, !d.UpdateAvailable
			d.LastLoggedInUser, d.DistinguishedName = "CORP\\ada", "CN=col-01,DC=corp"
		}},
	} {
		want, err := ts.Device(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		tt.change(want)
		if _, err := ts.UpdateDevice(ctx, d.ID, func(d *wolfden.Device) error { tt.change(d); return nil }); err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		got, err := ts.Device(ctx, d.ID)
		if err != nil {
			t.Fatal(err)
		}
		got.RemovalDue, want.RemovalDue = nil, nil // derived from Offline on reads
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: stored\n%+v\nwant\n%+v", tt.name, got, want)
		}
	}
	if found, err := ts.DevicesByHostName(ctx, "col-02.CORP"); err != nil || len(found) != 1 {
		t.Errorf("DevicesByHostName(new name) = %d devices, %v; want 1", len(found), err)
	}
	if found, err := ts.DevicesByHostName(ctx, "col-01"); err != nil || len(found) != 0 {
		t.Errorf("DevicesByHostName(old name) = %d devices, %v; want none", len(found), err)
	}
}
