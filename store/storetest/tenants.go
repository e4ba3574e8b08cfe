package storetest

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/store"
)

// tenantCounts counts what a seeded tenant holds, area by area.
func tenantCounts(t *testing.T, ts store.TenantStore) map[string]int {
	t.Helper()
	page := wolfden.PageRequest{Number: 1, Size: 1}
	counts := map[string]int{}
	for area, count := range map[string]func() (int, error){
		"devices": func() (int, error) { p, err := ts.Devices(ctx, page, false); return p.Total, err },
		"zones":   func() (int, error) { p, err := ts.Zones(ctx, page); return p.Total, err },
		"threats": func() (int, error) { p, err := ts.Threats(ctx, nil, nil, page); return p.Total, err },
		"memory events": func() (int, error) {
			p, err := ts.MemoryEvents(ctx, nil, nil, nil, page)
			return p.Total, err
		},
		"policies": func() (int, error) { p, err := ts.Policies(ctx, page); return p.Total, err },
		"detections": func() (int, error) {
			p, err := ts.Detections(ctx, optics.DetectionFilter{Sort: wolfden.SortOrder{Key: "ReceivedTime"}}, page)
			return p.Total, err
		},
		"users": func() (int, error) { p, err := ts.Users(ctx, page); return p.Total, err },
	} {
		n, err := count()
		if err != nil {
			t.Fatalf("count %s: %v", area, err)
		}
		counts[area] = n
	}
	return counts
}

// seeded makes a tenant holding something in every area.
func seeded(t *testing.T, s store.Store, name string) (*wolfden.Tenant, *wolfden.Application) {
	t.Helper()
	tn, app := NewTenant(t, s, name)
	ts := s.ForTenant(tn.ID)
	plan := seed.Plan{Devices: 6, Threats: 2, MemoryEvents: 3, Detections: 4, Seed: 7, Now: t0}
	if _, err := seed.Run(ctx, ts, plan, nil); err != nil {
		t.Fatal(err)
	}
	if err := ts.CreateUser(ctx, newUser(t, tn.ID, name+"@example.com", t0)); err != nil {
		t.Fatal(err)
	}
	return tn, app
}

// A deleted tenant is gone with everything it owned, its name is free
// again, and no other tenant loses anything.
func testTenantDeletion(t *testing.T, s store.Store) {
	a, _ := seeded(t, s, "Acme")
	b, _ := seeded(t, s, "Bravo")
	before := tenantCounts(t, s.ForTenant(b.ID))

	if err := s.DeleteTenant(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	_, err := s.Tenant(ctx, a.ID)
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, s.DeleteTenant(ctx, a.ID), wolfden.ENotFound)
	for area, n := range tenantCounts(t, s.ForTenant(a.ID)) {
		if n != 0 {
			t.Errorf("the deleted tenant still has %d %s", n, area)
		}
	}
	if after := tenantCounts(t, s.ForTenant(b.ID)); !maps.Equal(after, before) {
		t.Errorf("the other tenant went from %v to %v", before, after)
	}
	tenants, err := s.Tenants(ctx)
	if err != nil || len(tenants) != 1 || tenants[0].ID != b.ID {
		t.Fatalf("Tenants = %v, %v; want Bravo alone", tenants, err)
	}
	NewTenant(t, s, "ACME") // the name is free
}

// A reset tenant is as new, its applications kept; no other tenant is
// touched.
func testTenantReset(t *testing.T, s store.Store) {
	a, app := seeded(t, s, "Acme")
	b, _ := seeded(t, s, "Bravo")
	before := tenantCounts(t, s.ForTenant(b.ID))
	ts := s.ForTenant(a.ID)
	if _, err := ts.UpdateLifecycleSettings(ctx, func(l *wolfden.LifecycleSettings) error {
		l.InactiveDays = 90
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	if err := s.ResetTenant(ctx, a.ID, t0); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"devices": 0, "zones": 0, "threats": 0, "memory events": 0, "policies": 1, "detections": 0, "users": 0}
	if got := tenantCounts(t, ts); !maps.Equal(got, want) {
		t.Errorf("after a reset the tenant holds %v, want %v (the Default policy alone)", got, want)
	}
	if _, err := ts.Application(ctx, app.ID); err != nil {
		t.Errorf("the application did not survive the reset: %v", err)
	}
	if l, err := ts.LifecycleSettings(ctx); err != nil || l.InactiveDays != 30 {
		t.Errorf("lifecycle settings after a reset = %+v, %v; want the defaults", l, err)
	}
	if after := tenantCounts(t, s.ForTenant(b.ID)); !maps.Equal(after, before) {
		t.Errorf("the other tenant went from %v to %v", before, after)
	}
	if _, err := seed.Run(ctx, ts, seed.Plan{Devices: 3, Seed: 7, Now: t0}, nil); err != nil {
		t.Errorf("seeding the reset tenant again: %v", err)
	}
	wantCode(t, s.ResetTenant(ctx, uuid.New(), t0), wolfden.ENotFound)
}

// A tenant exported from one store and imported into another reads the
// same there: its lists, its credentials. A dump cannot write into another
// tenant, into a table it may not, or over a tenant that exists.
func testTenantDump(t *testing.T, s store.Store, open func(t *testing.T) store.Store) {
	a, app := seeded(t, s, "Acme")
	dump, err := s.ExportTenant(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.ExportTenant(ctx, uuid.New())
	wantCode(t, err, wolfden.ENotFound)

	other := open(t)
	imported, err := other.ImportTenant(ctx, dump, "")
	if err != nil {
		t.Fatal(err)
	}
	if imported.ID != a.ID || imported.Name != a.Name {
		t.Errorf("imported %s %q, want %s %q", imported.ID, imported.Name, a.ID, a.Name)
	}
	if want, got := tenantCounts(t, s.ForTenant(a.ID)), tenantCounts(t, other.ForTenant(a.ID)); !maps.Equal(got, want) {
		t.Errorf("imported, the tenant holds %v; exported it held %v", got, want)
	}
	page := wolfden.PageRequest{Number: 1, Size: 100}
	before, err := s.ForTenant(a.ID).Devices(ctx, page, true)
	if err != nil {
		t.Fatal(err)
	}
	after, err := other.ForTenant(a.ID).Devices(ctx, page, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Items) != len(before.Items) || len(after.Items) == 0 {
		t.Fatalf("imported, %d devices listed; exported %d", len(after.Items), len(before.Items))
	}
	for i := range before.Items {
		b, a := before.Items[i], after.Items[i]
		if a.ID != b.ID || a.Name != b.Name || !a.Registered.Equal(b.Registered) || len(a.Zones) != len(b.Zones) || a.IsSafe != b.IsSafe {
			t.Errorf("device %d: imported %+v, exported %+v", i, a, b)
		}
	}
	if got, err := other.ForTenant(a.ID).Application(ctx, app.ID); err != nil || got.Secret != app.Secret {
		t.Errorf("the imported application: %+v, %v; want the exported credentials", got, err)
	}

	_, err = other.ImportTenant(ctx, dump, "")
	wantCode(t, err, wolfden.EConflict) // it exists now
	renamed, err := open(t).ImportTenant(ctx, dump, "Acme (fixture)")
	if err != nil || renamed.Name != "Acme (fixture)" || renamed.ID != a.ID {
		t.Errorf("imported under a new name: %+v, %v", renamed, err)
	}
	_, err = open(t).ImportTenant(ctx, dump, strings.Repeat("n", 300))
	wantCode(t, err, wolfden.EInvalid)

	tampered := func(change func(d *store.TenantDump)) *store.TenantDump {
		d, err := s.ExportTenant(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		change(d)
		return d
	}
	b, _ := NewTenant(t, s, "Bravo")
	fresh := open(t)
	for name, d := range map[string]*store.TenantDump{
		"another schema version": tampered(func(d *store.TenantDump) { d.SchemaVersion-- }),
		"an unknown table":       tampered(func(d *store.TenantDump) { d.Tables[1].Name = "signing_keys" }),
		"an unknown column": tampered(func(d *store.TenantDump) {
			d.Tables[1].Columns[0] = "id; DROP TABLE devices"
		}),
		"a row of another tenant": tampered(func(d *store.TenantDump) {
			for i := range d.Tables {
				if t := &d.Tables[i]; t.Name == "devices" {
					t.Rows[0][slices.Index(t.Columns, "tenant_id")] = jsontext.Value(`"` + b.ID.String() + `"`)
				}
			}
		}),
		"no tenant row": tampered(func(d *store.TenantDump) { d.Tables = d.Tables[1:] }),
	} {
		_, err := fresh.ImportTenant(ctx, d, "")
		if wolfden.CodeOf(err) != wolfden.EInvalid {
			t.Errorf("%s: %v, want EInvalid", name, err)
		}
	}
	if tenants, err := fresh.Tenants(ctx); err != nil || len(tenants) != 0 {
		t.Errorf("refused imports left %v, %v", tenants, err)
	}
}
