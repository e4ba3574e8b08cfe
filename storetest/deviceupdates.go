package storetest

import (
	"strconv"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/wolfden/wolfden"
)

// Concurrent read-change-write updates of one device lose none of their
// changes: each increments a counter kept in the name, so a lost update
// shows as a short count. Renames and zone changes mix, so that both of
// UpdateDevice's paths race each other.
func testConcurrentDeviceUpdates(t *testing.T, s wolfden.Store) {
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
