package storetest

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/store"
)

// newPackage returns a package whose file must be content.
func newPackage(t *testing.T, tenantID uuid.UUID, name string, content []byte, timeout int, at time.Time) *agentsim.Package {
	t.Helper()
	p, err := agentsim.NewPackage(tenantID, agentsim.PackageRequest{Checksum: agentsim.HashesOf(content).SHA256, Timeout: &timeout,
		Descriptor: &agentsim.PackageDescriptor{Name: name, Version: 1, PackageInfo: agentsim.PackageInfo{FileType: "python", FileName: "x.py"}}},
		wolfden.Modifier{ID: uuid.New(), Login: "ci-" + strings.ToLower(name)}, at)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func upload(ts store.TenantStore, id uuid.UUID, content []byte, at time.Time) (*agentsim.Package, error) {
	return ts.UploadPackage(ctx, id, content, func(p *agentsim.Package) error { return p.Receive(content, at) })
}

func testPackages(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	script := []byte("import sys\x00\xff\nprint(sys.argv)\n") // binary-safe
	good := newPackage(t, a.ID, "Collect", script, 900, t0)
	bad := newPackage(t, a.ID, "Broken", script, 900, t0.Add(time.Second))
	late := newPackage(t, a.ID, "Alpha", script, 60, t0.Add(2*time.Second))
	for _, p := range []*agentsim.Package{good, bad, late} {
		if err := ts.CreatePackage(ctx, p); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ts.Package(ctx, good.ID)
	if err != nil || got.Checksum != good.Checksum || got.Timeout != 900*time.Second || got.Descriptor.Name != "Collect" ||
		got.Descriptor.PackageInfo.FileName != "x.py" || got.Upload != nil || got.UploadedBy != good.UploadedBy || !got.UploadedOn.Equal(t0) {
		t.Fatalf("Package = %+v, %v", got, err)
	}
	_, err = other.Package(ctx, good.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = ts.PackageFile(ctx, good.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = upload(other, good.ID, script, t0)
	wantCode(t, err, wolfden.ENotFound)

	if _, err := upload(ts, good.ID, script, t0.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if _, err := upload(ts, bad.ID, []byte("print(2)"), t0.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	_, err = upload(ts, good.ID, []byte("again"), t0.Add(20*time.Second))
	wantCode(t, err, wolfden.EConflict)
	file, err := ts.PackageFile(ctx, good.ID)
	if err != nil || !bytes.Equal(file, script) {
		t.Fatalf("PackageFile = %q, %v; want %q", file, err, script)
	}
	got, _ = ts.Package(ctx, good.ID)
	if got.Upload == nil || got.Size() != int64(len(script)) || !got.Upload.At.Equal(t0.Add(10*time.Second)) {
		t.Fatalf("uploaded package %+v", got)
	}

	// The list's status filter agrees with Status at every time.
	for _, now := range []time.Time{t0.Add(5 * time.Second), t0.Add(time.Minute), t0.Add(time.Hour)} {
		all, err := ts.Packages(ctx, agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "uploadedOn"}, Now: now}, wolfden.PageRequest{Number: 1, Size: 10})
		if err != nil || all.Total != 3 {
			t.Fatalf("every package: %+v, %v", all, err)
		}
		for _, st := range agentsim.PackageStatuses {
			var want, got []uuid.UUID
			for _, p := range all.Items {
				if p.Status(now) == st {
					want = append(want, p.ID)
				}
			}
			page, err := ts.Packages(ctx, agentsim.PackageQuery{Status: st, Order: wolfden.SortOrder{Key: "uploadedOn"}, Now: now},
				wolfden.PageRequest{Number: 1, Size: 10})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Items {
				got = append(got, p.ID)
			}
			if !slices.Equal(got, want) || page.Total != len(want) {
				t.Errorf("status %s at %s: %v, want %v", st, now.Sub(t0), got, want)
			}
		}
	}
	late2, _ := ts.Package(ctx, late.ID)
	if st := late2.Status(t0.Add(time.Minute)); st != agentsim.PackageStarted {
		t.Errorf("59 s into a 60 s timeout: %s", st)
	}
	if st := late2.Status(t0.Add(62 * time.Second)); st != agentsim.PackageTimeout {
		t.Errorf("past the timeout: %s", st)
	}
	names := func(q agentsim.PackageQuery) string {
		t.Helper()
		q.Now = t0.Add(time.Hour)
		page, err := ts.Packages(ctx, q, wolfden.PageRequest{Number: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, p := range page.Items {
			names = append(names, p.Descriptor.Name)
		}
		return strings.Join(names, ",")
	}
	for _, tt := range []struct {
		q    agentsim.PackageQuery
		want string
	}{
		{agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "uploadedOn", Desc: true}}, "Alpha,Broken,Collect"},
		{agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "packageDescriptor.name"}}, "Alpha,Broken,Collect"},
		{agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "size", Desc: true}}, "Collect,Broken,Alpha"},
		{agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "status"}}, "Broken,Collect,Alpha"}, // failed, success, timeout
		{agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "timeout"}}, "Alpha,Collect,Broken"},
		{agentsim.PackageQuery{Category: agentsim.PackageCustom, Status: agentsim.PackageSuccess, Order: wolfden.SortOrder{Key: "uploadedOn"}}, "Collect"},
		{agentsim.PackageQuery{Category: agentsim.PackageCylance, Order: wolfden.SortOrder{Key: "uploadedOn"}}, ""},
	} {
		if got := names(tt.q); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.q, got, tt.want)
		}
	}
	for _, field := range agentsim.PackageSortFields {
		if _, err := ts.Packages(ctx, agentsim.PackageQuery{Order: wolfden.SortOrder{Key: field}}, wolfden.PageRequest{Number: 1, Size: 1}); err != nil {
			t.Errorf("sort by %s: %v", field, err)
		}
	}
	if page, _ := other.Packages(ctx, agentsim.PackageQuery{Order: wolfden.SortOrder{Key: "uploadedOn"}}, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Errorf("another tenant lists %d packages", page.Total)
	}

	wantCode(t, other.DeletePackage(ctx, bad.ID), wolfden.ENotFound)
	if err := ts.DeletePackage(ctx, bad.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ts.DeletePackage(ctx, bad.ID), wolfden.ENotFound)
}

func testPackageExecutions(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	script := []byte("print(1)\n")
	pkg := newPackage(t, a.ID, "Collect", script, 900, t0)
	if err := ts.CreatePackage(ctx, pkg); err != nil {
		t.Fatal(err)
	}
	online, away := createDevice(t, ts, "fin-01"), createDevice(t, ts, "fin-02")
	if _, err := ts.UpdateDevice(ctx, away.ID, func(d *wolfden.Device) error { d.SetState(wolfden.Offline, t0); return nil }); err != nil {
		t.Fatal(err)
	}
	zone := newZone(t, a.ID, "Finance", wolfden.DefaultPolicyID)
	empty := newZone(t, a.ID, "Empty", wolfden.DefaultPolicyID)
	for _, z := range []*wolfden.Zone{zone, empty} {
		if err := ts.CreateZone(ctx, z); err != nil {
			t.Fatal(err)
		}
	}
	for _, d := range []*wolfden.Device{online, away} {
		if _, err := ts.UpdateDevice(ctx, d.ID, func(d *wolfden.Device) error { d.Zones = append(d.Zones, wolfden.Zone{ID: zone.ID}); return nil }); err != nil {
			t.Fatal(err)
		}
	}
	by := wolfden.Modifier{ID: uuid.New(), Login: "soar"}
	execution := func(name string, devices, zones []string, packages ...string) *agentsim.PackageExecution {
		t.Helper()
		req := agentsim.PackageExecutionRequest{Name: name, Devices: devices, Zones: zones}
		for _, p := range packages {
			req.Runs = append(req.Runs, agentsim.PackageRunRequest{Package: p, Arguments: []string{"-browser", "ALL"}})
		}
		e, err := agentsim.NewPackageExecution(a.ID, req, by, t0)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	ids := func(ds ...*wolfden.Device) []string {
		var out []string
		for _, d := range ds {
			out = append(out, wolfden.OpticsID(d.ID))
		}
		return out
	}

	byDevice := execution("By device", ids(online, online, away), nil, pkg.ID.String())
	if err := ts.CreatePackageExecution(ctx, byDevice); err != nil {
		t.Fatal(err)
	}
	if byDevice.DeviceCount != 1 || len(byDevice.Devices) != 2 || byDevice.Runs[0].Package == nil || byDevice.Runs[0].Package.ID != pkg.ID {
		t.Fatalf("created %+v", byDevice)
	}
	byZone := execution("By zone", nil, []string{zone.ID.String(), empty.ID.String()}, pkg.ID.String(), pkg.ID.String())
	if err := ts.CreatePackageExecution(ctx, byZone); err != nil {
		t.Fatal(err)
	}
	got, err := ts.PackageExecution(ctx, byZone.ID)
	if err != nil || got.DeviceCount != 1 || len(got.Devices) != 2 || len(got.Runs) != 2 || !slices.Equal(got.Runs[1].Arguments, []string{"-browser", "ALL"}) ||
		!slices.Equal(got.Target.Zones, []uuid.UUID{zone.ID, empty.ID}) || got.Target.Devices != nil || got.CreatedBy != by || !got.Created.Equal(t0) {
		t.Fatalf("PackageExecution = %+v, %v", got, err)
	}
	if d := got.Devices[slices.IndexFunc(got.Devices, func(d agentsim.ExecutionDevice) bool { return d.ID == away.ID })]; d.Offline == nil || d.Removed {
		t.Errorf("the offline member %+v", d)
	}

	for _, tt := range []struct {
		e     *agentsim.PackageExecution
		field string
	}{
		{execution("x", []string{online.ID.String(), uuid.NewString()}, nil, pkg.ID.String()), "execution.target.devices[1]"},
		{execution("x", nil, []string{uuid.NewString()}, pkg.ID.String()), "execution.target.zones[0]"},
		{execution("x", ids(online), nil, pkg.ID.String(), uuid.NewString()), "execution.packageExecutions[1].package"},
	} {
		err := ts.CreatePackageExecution(ctx, tt.e)
		wantCode(t, err, wolfden.ENotFound)
		if e := typed.As[*wolfden.Error](t, err); e.Field != tt.field {
			t.Errorf("field %q, want %q", e.Field, tt.field)
		}
	}
	theirs, _ := agentsim.NewPackageExecution(b.ID, agentsim.PackageExecutionRequest{Name: "x", Devices: ids(online),
		Runs: []agentsim.PackageRunRequest{{Package: pkg.ID.String()}}}, by, t0)
	wantCode(t, other.CreatePackageExecution(ctx, theirs), wolfden.ENotFound)

	list, err := ts.PackageExecutions(ctx, wolfden.SortOrder{Key: "name", Desc: true}, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || list.Total != 2 || list.Items[0].Name != "By zone" || len(list.Items[1].Devices) != 2 {
		t.Fatalf("PackageExecutions = %+v, %v", list, err)
	}
	for _, field := range agentsim.PackageExecutionSortFields {
		if _, err := ts.PackageExecutions(ctx, wolfden.SortOrder{Key: field}, wolfden.PageRequest{Number: 1, Size: 1}); err != nil {
			t.Errorf("sort by %s: %v", field, err)
		}
	}
	if page, _ := other.PackageExecutions(ctx, wolfden.SortOrder{Key: "createdAt"}, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Errorf("another tenant lists %d executions", page.Total)
	}

	// A package goes only once no execution runs it.
	wantCode(t, ts.DeletePackage(ctx, pkg.ID), wolfden.EConflict)
	_, err = other.DeletePackageExecution(ctx, byDevice.ID)
	wantCode(t, err, wolfden.ENotFound)
	// A device removed since stays targeted, and never answers.
	if err := ts.ResetAgentData(ctx); err != nil {
		t.Fatal(err)
	}
	deleted, err := ts.DeletePackageExecution(ctx, byDevice.ID)
	if err != nil || deleted.ID != byDevice.ID || len(deleted.Devices) != 2 || !deleted.Devices[0].Removed {
		t.Fatalf("DeletePackageExecution = %+v, %v", deleted, err)
	}
	_, err = ts.PackageExecution(ctx, byDevice.ID)
	wantCode(t, err, wolfden.ENotFound)
	if _, err := ts.DeletePackageExecution(ctx, byZone.ID); err != nil {
		t.Fatal(err)
	}
	if err := ts.DeletePackage(ctx, pkg.ID); err != nil {
		t.Fatal(err)
	}
}
