package storetest

import (
	"cmp"
	"math"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// The device list is paged by number, newest registration first, then by
// id. A store may answer from bookmarks into the list that it keeps between
// calls (sqlstore keeps one every 64 devices), so these tests check every
// page against the list sorted here, after each kind of change to it, also
// when another store on the same database makes the change.

// devicePageSizes: one device a page reaches every offset; the rest lie
// around sqlstore's bookmark spacing and at the API's largest page.
var devicePageSizes = []int{1, 7, 63, 64, 65, 200}

// RunShared runs the tests of stores sharing one database, as servers do;
// open returns two stores on a new, empty database each time.
func RunShared(t *testing.T, open func(t *testing.T) (store.Store, store.Store)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, a, b store.Store)
	}{
		{"DevicePagesAcrossStores", checkDevicePagesThroughChanges},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			a, b := open(t)
			tt.fn(t, a, b)
		})
	}
}

func testDevicePages(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	tsA, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	devices := manyDevices(t, a.ID, 3*64+5, t0)
	if err := tsA.CreateDevices(ctx, devices...); err != nil {
		t.Fatal(err)
	}
	if err := tsB.CreateDevices(ctx, manyDevices(t, b.ID, 10, t0)...); err != nil {
		t.Fatal(err)
	}
	want := listOrder(devices)
	// Readers arriving together at a new list wait for one another's build
	// or build their own: either way each sees the list.
	pages, errs := make([]wolfden.Page[wolfden.Device], 8), make([]error, 8)
	var wg sync.WaitGroup
	for i := range pages {
		wg.Go(func() { pages[i], errs[i] = tsA.Devices(ctx, wolfden.PageRequest{Number: 3, Size: 64}, false) })
	}
	wg.Wait()
	for i, page := range pages {
		if errs[i] != nil || page.Total != len(want) || !slices.Equal(deviceIDs(page.Items), want[128:192]) {
			t.Fatalf("concurrent reader %d: page 3 of 64 = %v of %d, %v; want %v", i, deviceIDs(page.Items), page.Total, errs[i], want[128:192])
		}
	}
	all, err := tsA.Devices(ctx, wolfden.PageRequest{Number: 1, Size: len(want)}, false)
	if err != nil || !slices.Equal(deviceIDs(all.Items), want) {
		t.Fatalf("one page of every device = %v, %v; want %v", deviceIDs(all.Items), err, want)
	}
	checkDevicePages(t, tsA, want)
	page, err := tsA.Devices(ctx, wolfden.PageRequest{Number: math.MaxInt, Size: 200}, false)
	if err != nil || page.Total != len(want) || page.Items == nil || len(page.Items) != 0 {
		t.Fatalf("page %d = %d devices of %d, %v; want none of %d", math.MaxInt, len(page.Items), page.Total, err, len(want))
	}
	if page, _ := tsB.Devices(ctx, wolfden.PageRequest{Number: 1, Size: 200}, false); page.Total != 10 || len(page.Items) != 10 {
		t.Fatalf("tenant B lists %d devices of %d, want its 10", len(page.Items), page.Total)
	}
}

func testDevicePagesAfterChanges(t *testing.T, s store.Store) {
	checkDevicePagesThroughChanges(t, s, s)
}

// checkDevicePagesThroughChanges changes a tenant's devices through writer
// in every way that adds or removes some, and checks after each change
// that reader, which has listed them before it, lists them as they are.
func checkDevicePagesThroughChanges(t *testing.T, writer, reader store.Store) {
	tn, _ := NewTenant(t, writer, "A")
	w, r := writer.ForTenant(tn.ID), reader.ForTenant(tn.ID)
	devices := manyDevices(t, tn.ID, 3*64+5, t0)
	for _, d := range devices[:20] {
		d.SetState(wolfden.Offline, t0)
	}
	if err := w.CreateDevices(ctx, devices...); err != nil {
		t.Fatal(err)
	}
	checkDevicePages(t, r, listOrder(devices))

	t.Log("new devices, newest, oldest and between the others")
	added := append(manyDevices(t, tn.ID, 5, t0.Add(time.Hour)), manyDevices(t, tn.ID, 5, t0.Add(-time.Hour))...)
	added = append(added, manyDevices(t, tn.ID, 6, t0.Add(20*time.Minute))...)
	if err := w.CreateDevices(ctx, added...); err != nil {
		t.Fatal(err)
	}
	devices = append(devices, added...)
	checkDevicePages(t, r, listOrder(devices))

	t.Log("deleted devices, the first, one at a bookmark and one between")
	order := listOrder(devices)
	gone := []uuid.UUID{order[0], order[64], order[100]}
	deletion := &wolfden.DeviceDeletion{ID: uuid.New(), TenantID: tn.ID, DeviceIDs: gone, Requested: t0}
	if err := w.RequestDeviceDeletion(ctx, deletion); err != nil {
		t.Fatal(err)
	}
	if _, _, err := w.CompleteDeviceDeletion(ctx, deletion.ID, t0); err != nil {
		t.Fatal(err)
	}
	devices = slices.DeleteFunc(devices, func(d *wolfden.Device) bool { return slices.Contains(gone, d.ID) })
	checkDevicePages(t, r, listOrder(devices))

	t.Log("inactive devices removed")
	if _, err := w.UpdateLifecycleSettings(ctx, func(ls *wolfden.LifecycleSettings) error {
		ls.DeletionEnabled, ls.InactiveDays, ls.DeletionDays = true, 7, 7
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	online := slices.DeleteFunc(slices.Clone(devices), func(d *wolfden.Device) bool { return d.Offline != nil })
	removed, err := w.RemoveInactiveDevices(ctx, t0.Add(15*24*time.Hour))
	if want := len(devices) - len(online); err != nil || removed != int64(want) {
		t.Fatalf("RemoveInactiveDevices = %d, %v; want %d", removed, err, want)
	}
	devices = online
	checkDevicePages(t, r, listOrder(devices))

	t.Log("agent data reset, then devices again")
	if err := w.ResetAgentData(ctx); err != nil {
		t.Fatal(err)
	}
	checkDevicePages(t, r, nil)
	devices = manyDevices(t, tn.ID, 70, t0)
	if err := w.CreateDevices(ctx, devices...); err != nil {
		t.Fatal(err)
	}
	checkDevicePages(t, r, listOrder(devices))
}

// manyDevices makes n devices, registered a minute apart from at back,
// three at a time, so that the id decides their order within each three.
func manyDevices(t *testing.T, tenantID uuid.UUID, n int, at time.Time) []*wolfden.Device {
	t.Helper()
	devices := make([]*wolfden.Device, n)
	for i := range devices {
		devices[i] = newDevice(t, tenantID, "host", nil, at.Add(-time.Duration(i/3)*time.Minute))
	}
	return devices
}

// listOrder sorts devices as the list shows them and returns their ids.
func listOrder(devices []*wolfden.Device) []uuid.UUID {
	sorted := slices.SortedFunc(slices.Values(devices), func(a, b *wolfden.Device) int {
		return cmp.Or(b.Registered.Compare(a.Registered), cmp.Compare(b.ID.String(), a.ID.String()))
	})
	ids := make([]uuid.UUID, len(sorted))
	for i, d := range sorted {
		ids[i] = d.ID
	}
	return ids
}

func deviceIDs(devices []wolfden.Device) []uuid.UUID {
	ids := make([]uuid.UUID, len(devices))
	for i := range devices {
		ids[i] = devices[i].ID
	}
	return ids
}

// checkDevicePages reads every page of the tenant's devices, and the one
// after the last, in each of devicePageSizes, and checks it against want.
func checkDevicePages(t *testing.T, ts store.TenantStore, want []uuid.UUID) {
	t.Helper()
	for _, size := range devicePageSizes {
		last := (len(want) + size - 1) / size
		for number := 1; number <= last+1; number++ {
			page, err := ts.Devices(ctx, wolfden.PageRequest{Number: number, Size: size}, false)
			if err != nil {
				t.Fatalf("page %d of %d devices: %v", number, size, err)
			}
			from, to := min((number-1)*size, len(want)), min(number*size, len(want))
			if got := deviceIDs(page.Items); page.Total != len(want) || page.Items == nil || !slices.Equal(got, want[from:to]) {
				t.Fatalf("page %d of %d devices: total %d, %v; want total %d, %v", number, size, page.Total, got, len(want), want[from:to])
			}
		}
	}
}
