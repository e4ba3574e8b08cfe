// Package storetest is the behaviour every wolfden.Store must show, as one
// suite that each implementation runs against itself.
package storetest

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/store"
)

// Run runs the suite; open returns a new, empty store each time.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s store.Store)
	}{
		{"TenantNamesAreUniqueCaseInsensitively", testTenantNames},
		{"TenantDeletion", testTenantDeletion},
		{"TenantReset", testTenantReset},
		{"Applications", testApplications},
		{"TokenIDsAreSingleUse", testTokenIDs},
		{"SigningKey", testSigningKey},
		{"UserLifecycle", testUserLifecycle},
		{"UserEmailsAreUniqueCaseInsensitively", testUserEmails},
		{"UnknownZoneIsInvalid", testUnknownZone},
		{"UserPages", testUserPages},
		{"TenantIsolation", testTenantIsolation},
		{"Zones", testZones},
		{"ZoneIsolation", testZoneIsolation},
		{"GlobalLists", testGlobalLists},
		{"GlobalListFiles", testGlobalListFiles},
		{"Devices", testDevices},
		{"DevicePages", testDevicePages},
		{"DevicePagesAfterChanges", testDevicePagesAfterChanges},
		{"ConcurrentDeviceUpdates", testConcurrentDeviceUpdates},
		{"DeviceUpdateColumns", testDeviceUpdateColumns},
		{"DeviceZones", testDeviceZones},
		{"Threats", testThreats},
		{"ThreatSamples", testThreatSamples},
		{"MemoryEvents", testMemoryEvents},
		{"DeviceDeletions", testDeviceDeletions},
		{"DeviceDeletionIDs", testDeviceDeletionIDs},
		{"DeviceLifecycle", testDeviceLifecycle},
		{"Policies", testPolicies},
		{"Partners", testPartners},
		{"PolicyTemplates", testPolicyTemplates},
		{"PartnerUsers", testPartnerUsers},
		{"ApplyPolicyTemplate", testApplyPolicyTemplate},
		{"Reports", testReports},
		{"DetectionRules", testDetectionRules},
		{"RuleSets", testRuleSets},
		{"RuleSetList", testRuleSetList},
		{"Detections", testDetections},
		{"InstaQueries", testInstaQueries},
		{"FocusViews", testFocusViews},
		{"Lockdowns", testLockdowns},
		{"FileRetrievals", testFileRetrievals},
		{"Packages", testPackages},
		{"PackageExecutions", testPackageExecutions},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			tt.fn(t, open(t))
		})
	}
	// The cases that need a second store.
	t.Run("TenantDump", func(t *testing.T) {
		t.Parallel()
		testTenantDump(t, open(t), open)
	})
	t.Run("Ready", func(t *testing.T) {
		t.Parallel()
		testReady(t, open(t))
	})
}

// testReady: an open store is ready; a closed one is not, and says so
// rather than panicking.
func testReady(t *testing.T, s store.Store) {
	if err := s.Ready(ctx); err != nil {
		t.Fatalf("Ready on an open store: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Ready(ctx); err == nil {
		t.Fatal("Ready on a closed store: no error")
	}
}

var (
	ctx = context.Background()
	t0  = time.Date(2026, 3, 5, 14, 7, 21, 123456000, time.UTC)
)

// NewTenant creates a tenant with one all-privilege application.
func NewTenant(t *testing.T, s store.Store, name string) (*wolfden.Tenant, *wolfden.Application) {
	t.Helper()
	tn := &wolfden.Tenant{ID: uuid.New(), Name: name, Created: t0}
	app := &wolfden.Application{ID: uuid.New(), TenantID: tn.ID, Name: "first", Secret: uuid.NewString(),
		Scopes: wolfden.AllScopes, Created: t0}
	if err := s.CreateTenant(ctx, tn, app); err != nil {
		t.Fatalf("CreateTenant(%q): %v", name, err)
	}
	return tn, app
}

func wantCode(t *testing.T, err error, code wolfden.ErrorCode) {
	t.Helper()
	if got := wolfden.CodeOf(err); err == nil || got != code {
		t.Fatalf("error = %v (code %s), want code %s", err, got, code)
	}
}

func testTenantNames(t *testing.T, s store.Store) {
	NewTenant(t, s, "Acme")
	dup := &wolfden.Tenant{ID: uuid.New(), Name: "ACME", Created: t0}
	app := &wolfden.Application{ID: uuid.New(), TenantID: dup.ID, Name: "x", Secret: "s", Created: t0}
	wantCode(t, s.CreateTenant(ctx, dup, app), wolfden.EConflict)
	n, err := s.CountTenants(ctx)
	if err != nil || n != 1 {
		t.Fatalf("CountTenants = %d, %v; want 1 (the conflict must change nothing)", n, err)
	}
	if _, err := s.ForTenant(dup.ID).Application(ctx, app.ID); wolfden.CodeOf(err) != wolfden.ENotFound {
		t.Fatalf("application of the refused tenant was stored: %v", err)
	}
}

func testApplications(t *testing.T, s store.Store) {
	tn, first := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	got, err := ts.Application(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Secret != first.Secret || len(got.Scopes) != len(wolfden.AllScopes) || !got.Created.Equal(t0.Truncate(time.Microsecond)) {
		t.Fatalf("Application = %+v, want %+v", got, first)
	}
	limited := &wolfden.Application{ID: uuid.New(), TenantID: tn.ID, Name: "reader", Secret: "s2",
		Scopes: []wolfden.Scope{wolfden.ScopeUserRead, wolfden.ScopeUserList}, Created: t0}
	if err := ts.CreateApplication(ctx, limited); err != nil {
		t.Fatal(err)
	}
	got, err = ts.Application(ctx, limited.ID)
	if err != nil || len(got.Scopes) != 2 || got.Scopes[0] != wolfden.ScopeUserRead {
		t.Fatalf("Application = %+v, %v", got, err)
	}
	other, _ := NewTenant(t, s, "Bravo")
	apps, err := ts.Applications(ctx)
	if err != nil || len(apps) != 2 || apps[0].ID != first.ID || apps[1].ID != limited.ID || apps[1].Secret != "s2" {
		t.Fatalf("Applications = %+v, %v; want the first, then reader", apps, err)
	}
	if apps, err := s.ForTenant(other.ID).Applications(ctx); err != nil || len(apps) != 1 {
		t.Fatalf("another tenant's Applications = %+v, %v; want its own one", apps, err)
	}
	ghost := uuid.New()
	err = s.ForTenant(ghost).CreateApplication(ctx, &wolfden.Application{ID: uuid.New(), TenantID: ghost, Name: "x", Secret: "s", Created: t0})
	wantCode(t, err, wolfden.ENotFound)
}

func testTokenIDs(t *testing.T, s store.Store) {
	tn, app := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	exp := t0.Add(30 * time.Minute)
	if err := ts.UseTokenID(ctx, app.ID, "jti-1", t0, exp); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ts.UseTokenID(ctx, app.ID, "jti-1", t0.Add(time.Minute), exp), wolfden.EConflict)
	if err := ts.UseTokenID(ctx, app.ID, "jti-2", t0, exp); err != nil {
		t.Fatalf("another id: %v", err)
	}
	// Once the first token has expired its id may be used again.
	if err := ts.UseTokenID(ctx, app.ID, "jti-1", exp.Add(time.Second), exp.Add(time.Hour)); err != nil {
		t.Fatalf("reuse after expiry: %v", err)
	}
	n, err := s.PurgeTokenIDs(ctx, exp.Add(time.Minute))
	if err != nil || n != 1 {
		t.Fatalf("PurgeTokenIDs = %d, %v; want 1 (jti-2)", n, err)
	}
	if err := ts.UseTokenID(ctx, app.ID, "jti-2", exp.Add(2*time.Minute), exp.Add(time.Hour)); err != nil {
		t.Fatalf("purged id: %v", err)
	}
}

func testSigningKey(t *testing.T, s store.Store) {
	first := wolfden.SigningKey{ID: "k1", Secret: []byte{1, 2, 3}, Created: t0}
	got, err := s.SigningKey(ctx, first)
	if err != nil || got.ID != "k1" || string(got.Secret) != string(first.Secret) {
		t.Fatalf("SigningKey = %+v, %v", got, err)
	}
	got, err = s.SigningKey(ctx, wolfden.SigningKey{ID: "k2", Secret: []byte{9}, Created: t0})
	if err != nil || got.ID != "k1" {
		t.Fatalf("second SigningKey = %+v, %v; want the stored k1", got, err)
	}
	if err := s.RotateSigningKey(ctx, wolfden.SigningKey{ID: "k3", Secret: []byte{7, 7}, Created: t0}); err != nil {
		t.Fatal(err)
	}
	got, err = s.SigningKey(ctx, first)
	if err != nil || got.ID != "k3" || string(got.Secret) != "\x07\x07" {
		t.Fatalf("after rotation SigningKey = %+v, %v; want k3", got, err)
	}
}

func newUser(t *testing.T, tenantID uuid.UUID, email string, created time.Time) *wolfden.User {
	t.Helper()
	role := string(wolfden.RoleUser)
	u, err := wolfden.NewUser(tenantID, wolfden.UserChange{Email: &email, Role: &role}, created)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func testUserLifecycle(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	u := newUser(t, tn.ID, "Jo.Rivera@example.org", t0)
	u.FirstName = "Jo"
	if err := ts.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	got, err := ts.User(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Email != u.Email || got.FirstName != "Jo" || got.Role != wolfden.RoleUser || got.DefaultZoneRole != wolfden.ZoneRoleNone ||
		!got.Created.Equal(t0.Truncate(time.Microsecond)) || got.LastLogin != nil || got.InviteSent == nil {
		t.Fatalf("User = %+v", got)
	}
	if got, err := ts.UserByEmail(ctx, "jo.rivera@EXAMPLE.org"); err != nil || got.ID != u.ID {
		t.Fatalf("UserByEmail = %+v, %v", got, err)
	}

	later := t0.Add(time.Hour)
	updated, err := ts.UpdateUser(ctx, u.ID, func(u *wolfden.User) error {
		u.LastName = "Rivera"
		u.PasswordResetSent = &later
		u.Modified = later
		return nil
	})
	if err != nil || updated.LastName != "Rivera" {
		t.Fatalf("UpdateUser = %+v, %v", updated, err)
	}
	got, _ = ts.User(ctx, u.ID)
	if got.LastName != "Rivera" || got.PasswordResetSent == nil || !got.Modified.Equal(later) {
		t.Fatalf("after update User = %+v", got)
	}
	refused := wolfden.FieldErrorf("email", "no")
	if _, err := ts.UpdateUser(ctx, u.ID, func(u *wolfden.User) error { u.LastName = "X"; return refused }); err != refused {
		t.Fatalf("UpdateUser with a failing change = %v, want the change's error", err)
	}
	if got, _ := ts.User(ctx, u.ID); got.LastName != "Rivera" {
		t.Fatalf("a failed update was stored: %+v", got)
	}

	if err := ts.DeleteUser(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
	_, err = ts.User(ctx, u.ID)
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, ts.DeleteUser(ctx, u.ID), wolfden.ENotFound)
	_, err = ts.UpdateUser(ctx, u.ID, func(*wolfden.User) error { return nil })
	wantCode(t, err, wolfden.ENotFound)
}

func testUserEmails(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	a := newUser(t, tn.ID, "a@example.org", t0)
	b := newUser(t, tn.ID, "b@example.org", t0)
	for _, u := range []*wolfden.User{a, b} {
		if err := ts.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, ts.CreateUser(ctx, newUser(t, tn.ID, "A@Example.ORG", t0)), wolfden.EConflict)
	_, err := ts.UpdateUser(ctx, b.ID, func(u *wolfden.User) error { u.Email = "a@EXAMPLE.org"; return nil })
	wantCode(t, err, wolfden.EConflict)
	if got, _ := ts.User(ctx, b.ID); got.Email != "b@example.org" {
		t.Fatalf("refused update changed the user: %+v", got)
	}
	// Another tenant may use the same address.
	other, _ := NewTenant(t, s, "Other")
	if err := s.ForTenant(other.ID).CreateUser(ctx, newUser(t, other.ID, "a@example.org", t0)); err != nil {
		t.Fatalf("same e-mail in another tenant: %v", err)
	}
}

func testUnknownZone(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	u := newUser(t, tn.ID, "zm@example.org", t0)
	u.Zones = []wolfden.UserZone{{ZoneID: uuid.New(), Role: wolfden.ZoneRoleManager, Added: t0, Modified: t0}}
	err := ts.CreateUser(ctx, u)
	wantCode(t, err, wolfden.EInvalid)
	if e := typed.As[*wolfden.Error](t, err); e.Field != "zones[0].id" {
		t.Fatalf("field = %q, want zones[0].id", e.Field)
	}
	if _, err := ts.User(ctx, u.ID); wolfden.CodeOf(err) != wolfden.ENotFound {
		t.Fatalf("user with an unknown zone was stored: %v", err)
	}
}

func testUserPages(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	empty, err := ts.Users(ctx, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || empty.Total != 0 || len(empty.Items) != 0 {
		t.Fatalf("empty Users = %+v, %v", empty, err)
	}
	var ids []uuid.UUID
	for i := range 7 {
		u := newUser(t, tn.ID, string(rune('a'+i))+"@example.org", t0.Add(time.Duration(i)*time.Minute))
		if err := ts.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	var seen []uuid.UUID
	for n := 1; n <= 4; n++ {
		page, err := ts.Users(ctx, wolfden.PageRequest{Number: n, Size: 3})
		if err != nil || page.Total != 7 {
			t.Fatalf("page %d = %+v, %v", n, page, err)
		}
		for _, u := range page.Items {
			seen = append(seen, u.ID)
		}
	}
	if len(seen) != 7 {
		t.Fatalf("pages held %d users, want 7", len(seen))
	}
	for i, id := range seen { // newest first
		if id != ids[6-i] {
			t.Fatalf("position %d holds %s, want %s", i, id, ids[6-i])
		}
	}
}

func testTenantIsolation(t *testing.T, s store.Store) {
	a, appA := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	tsA, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	u := newUser(t, a.ID, "only-a@example.org", t0)
	if err := tsA.CreateUser(ctx, u); err != nil {
		t.Fatal(err)
	}
	_, err := tsB.User(ctx, u.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = tsB.UserByEmail(ctx, u.Email)
	wantCode(t, err, wolfden.ENotFound)
	_, err = tsB.UpdateUser(ctx, u.ID, func(u *wolfden.User) error { u.FirstName = "stolen"; return nil })
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, tsB.DeleteUser(ctx, u.ID), wolfden.ENotFound)
	if page, _ := tsB.Users(ctx, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Fatalf("tenant B lists %d users", page.Total)
	}
	_, err = tsB.Application(ctx, appA.ID)
	wantCode(t, err, wolfden.ENotFound)
	if got, err := tsA.User(ctx, u.ID); err != nil || got.FirstName == "stolen" {
		t.Fatalf("tenant A's user after B's attempts: %+v, %v", got, err)
	}
	// A store handle for one tenant refuses rows stamped for another.
	wantCode(t, tsB.CreateUser(ctx, newUser(t, a.ID, "x@example.org", t0)), wolfden.EInvalid)
}

func newZone(t *testing.T, tenantID uuid.UUID, name string, policy uuid.UUID) *wolfden.Zone {
	t.Helper()
	p, crit := policy.String(), "High"
	z, err := wolfden.NewZone(tenantID, wolfden.ZoneChange{Name: &name, PolicyID: &p, Criticality: &crit}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func testZones(t *testing.T, s store.Store) {
	tn, _ := NewTenant(t, s, "Acme")
	ts := s.ForTenant(tn.ID)
	finance := newZone(t, tn.ID, "Finance Laptops", wolfden.DefaultPolicyID)
	if err := ts.CreateZone(ctx, finance); err != nil {
		t.Fatal(err)
	}
	got, err := ts.Zone(ctx, finance.ID)
	if err != nil || got.Name != "Finance Laptops" || got.PolicyID != wolfden.DefaultPolicyID ||
		got.Criticality != wolfden.CriticalityHigh || got.UpdateType != "Production" || got.ZoneRuleID != nil {
		t.Fatalf("Zone = %+v, %v", got, err)
	}
	wantCode(t, ts.CreateZone(ctx, newZone(t, tn.ID, "FINANCE laptops", wolfden.DefaultPolicyID)), wolfden.EConflict)
	wantCode(t, ts.CreateZone(ctx, newZone(t, tn.ID, "Servers", uuid.New())), wolfden.ENotFound)

	servers := newZone(t, tn.ID, "servers", wolfden.DefaultPolicyID)
	if err := ts.CreateZone(ctx, servers); err != nil {
		t.Fatal(err)
	}
	page, err := ts.Zones(ctx, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 2 || page.Items[0].ID != finance.ID || page.Items[1].ID != servers.ID {
		t.Fatalf("Zones = %+v, %v (want by name)", page, err)
	}

	_, err = ts.UpdateZone(ctx, servers.ID, func(z *wolfden.Zone) error { z.Name = "Finance laptops"; return nil })
	wantCode(t, err, wolfden.EConflict)
	_, err = ts.UpdateZone(ctx, servers.ID, func(z *wolfden.Zone) error { z.PolicyID = uuid.New(); return nil })
	wantCode(t, err, wolfden.ENotFound)
	updated, err := ts.UpdateZone(ctx, servers.ID, func(z *wolfden.Zone) error {
		z.Name, z.Criticality = "Data Center", wolfden.CriticalityLow
		return nil
	})
	if err != nil || updated.Name != "Data Center" {
		t.Fatalf("UpdateZone = %+v, %v", updated, err)
	}
	if got, _ := ts.Zone(ctx, servers.ID); got.Name != "Data Center" || got.Criticality != wolfden.CriticalityLow || got.PolicyID != wolfden.DefaultPolicyID {
		t.Fatalf("after update: %+v", got)
	}

	if err := ts.DeleteZone(ctx, finance.ID); err != nil {
		t.Fatal(err)
	}
	_, err = ts.Zone(ctx, finance.ID)
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, ts.DeleteZone(ctx, finance.ID), wolfden.ENotFound)
	// The name is free again.
	if err := ts.CreateZone(ctx, newZone(t, tn.ID, "Finance Laptops", wolfden.DefaultPolicyID)); err != nil {
		t.Fatalf("reusing a deleted zone's name: %v", err)
	}
}

func testZoneIsolation(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	tsA, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	z := newZone(t, a.ID, "Shared Name", wolfden.DefaultPolicyID)
	if err := tsA.CreateZone(ctx, z); err != nil {
		t.Fatal(err)
	}
	_, err := tsB.Zone(ctx, z.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = tsB.UpdateZone(ctx, z.ID, func(z *wolfden.Zone) error { z.Name = "stolen"; return nil })
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, tsB.DeleteZone(ctx, z.ID), wolfden.ENotFound)
	if page, _ := tsB.Zones(ctx, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Fatalf("tenant B lists %d zones", page.Total)
	}
	// Names are unique per tenant, not per server.
	if err := tsB.CreateZone(ctx, newZone(t, b.ID, "Shared Name", wolfden.DefaultPolicyID)); err != nil {
		t.Fatal(err)
	}
	if got, err := tsA.Zone(ctx, z.ID); err != nil || got.Name != "Shared Name" {
		t.Fatalf("tenant A's zone: %+v, %v", got, err)
	}
}

func testGlobalLists(t *testing.T, s store.Store) {
	a, app := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	tsA, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	hash := func(c string) string { return strings.Repeat(c, 64) }
	entry := func(sha string, list wolfden.ListType, at time.Time) *wolfden.GlobalListEntry {
		return &wolfden.GlobalListEntry{SHA256: sha, ListType: list, Reason: "test", Added: at, AddedBy: app.ID}
	}
	for i, c := range []string{"A", "B", "C"} {
		if err := tsA.AddToGlobalList(ctx, entry(hash(c), wolfden.GlobalQuarantine, t0.Add(time.Duration(i)*time.Minute))); err != nil {
			t.Fatal(err)
		}
	}
	safe := entry(hash("A"), wolfden.GlobalSafe, t0)
	safe.Category = "Admin Tool"
	if err := tsA.AddToGlobalList(ctx, safe); err != nil {
		t.Fatalf("the same hash on the other list: %v", err)
	}
	err := tsA.AddToGlobalList(ctx, entry(hash("B"), wolfden.GlobalQuarantine, t0))
	wantCode(t, err, wolfden.EConflict)
	if !strings.Contains(err.Error(), store.PhraseAlreadyListed) {
		t.Errorf("conflict %q lacks the vendor phrase", err)
	}

	page, err := tsA.GlobalList(ctx, wolfden.GlobalQuarantine, wolfden.PageRequest{Number: 1, Size: 2})
	if err != nil || page.Total != 3 || len(page.Items) != 2 || page.Items[0].SHA256 != hash("C") || page.Items[0].AddedBy != app.ID {
		t.Fatalf("quarantine list = %+v, %v (want newest first)", page, err)
	}
	if page, _ := tsA.GlobalList(ctx, wolfden.GlobalSafe, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 || page.Items[0].Category != "Admin Tool" {
		t.Fatalf("safe list = %+v", page)
	}

	if page, _ := tsB.GlobalList(ctx, wolfden.GlobalQuarantine, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Fatalf("tenant B sees %d of A's entries", page.Total)
	}
	wantCode(t, tsB.RemoveFromGlobalList(ctx, wolfden.GlobalQuarantine, hash("A")), wolfden.ENotFound)

	if err := tsA.RemoveFromGlobalList(ctx, wolfden.GlobalQuarantine, hash("A")); err != nil {
		t.Fatal(err)
	}
	err = tsA.RemoveFromGlobalList(ctx, wolfden.GlobalQuarantine, hash("A"))
	wantCode(t, err, wolfden.ENotFound)
	if !strings.Contains(err.Error(), store.PhraseNotListed) {
		t.Errorf("not-found %q lacks the vendor phrase", err)
	}
	if page, _ := tsA.GlobalList(ctx, wolfden.GlobalSafe, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 {
		t.Fatal("removing from one list touched the other")
	}
}

// testGlobalListFiles: a list entry tells what the tenant's threats know
// of the file, and nothing of another tenant's.
func testGlobalListFiles(t *testing.T, s store.Store) {
	a, app := NewTenant(t, s, "A")
	b, appB := NewTenant(t, s, "B")
	tsA, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	d := newDevice(t, a.ID, "one", nil, t0)
	if err := tsA.CreateDevices(ctx, d); err != nil {
		t.Fatal(err)
	}
	known, unknown := strings.Repeat("A", 64), strings.Repeat("B", 64)
	score := -0.87
	dt, err := wolfden.NewDeviceThreat(d.ID, wolfden.ThreatReport{SHA256: known, MD5: strings.Repeat("C", 32),
		FilePath: `C:\x\invoice.exe`, Classification: "Malware", SubClassification: "Trojan", CylanceScore: &score}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := tsA.ReportThreats(ctx, dt); err != nil {
		t.Fatal(err)
	}
	for _, e := range []struct {
		ts      store.TenantStore
		sha     string
		list    wolfden.ListType
		addedBy uuid.UUID
	}{
		{tsA, known, wolfden.GlobalQuarantine, app.ID}, {tsA, unknown, wolfden.GlobalQuarantine, app.ID},
		{tsA, known, wolfden.GlobalSafe, app.ID}, {tsB, known, wolfden.GlobalQuarantine, appB.ID},
	} {
		if err := e.ts.AddToGlobalList(ctx, &wolfden.GlobalListEntry{SHA256: e.sha, ListType: e.list, Category: "None",
			Reason: "r", Added: t0, AddedBy: e.addedBy}); err != nil {
			t.Fatal(err)
		}
	}
	file := wolfden.GlobalListEntry{MD5: strings.Repeat("C", 32), Name: "invoice.exe", Classification: "Malware",
		SubClassification: "Trojan", CylanceScore: &score}
	for _, tt := range []struct {
		name string
		ts   store.TenantStore
		list wolfden.ListType
		want map[string]wolfden.GlobalListEntry // by hash: the file's members
	}{
		{"A's quarantine list", tsA, wolfden.GlobalQuarantine, map[string]wolfden.GlobalListEntry{known: file, unknown: {}}},
		{"A's safe list", tsA, wolfden.GlobalSafe, map[string]wolfden.GlobalListEntry{known: file}},
		{"B, which never saw the file", tsB, wolfden.GlobalQuarantine, map[string]wolfden.GlobalListEntry{known: {}}},
	} {
		page, err := tt.ts.GlobalList(ctx, tt.list, wolfden.PageRequest{Number: 1, Size: 10})
		if err != nil || len(page.Items) != len(tt.want) {
			t.Fatalf("%s: %+v, %v", tt.name, page, err)
		}
		for _, e := range page.Items {
			want := tt.want[e.SHA256]
			if e.MD5 != want.MD5 || e.Name != want.Name || e.Classification != want.Classification ||
				e.SubClassification != want.SubClassification || (e.CylanceScore == nil) != (want.CylanceScore == nil) ||
				e.CylanceScore != nil && *e.CylanceScore != *want.CylanceScore {
				t.Errorf("%s: %s is %+v, want %+v", tt.name, e.SHA256, e, want)
			}
		}
	}
}

func newDevice(t *testing.T, tenantID uuid.UUID, host string, macs []string, at time.Time) *wolfden.Device {
	t.Helper()
	d, err := wolfden.NewDevice(tenantID, wolfden.DeviceRegistration{HostName: host, MACAddresses: macs,
		IPAddresses: []string{"10.0.0.1"}, AgentVersion: "3.1.1001", OSVersion: "Microsoft Windows 11 Pro"}, at)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func testDevices(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	tsA, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	shared := "00-1A-2B-3C-4D-5E"
	d1 := newDevice(t, a.ID, "WEB-01.corp.example.org", []string{shared}, t0)
	d2 := newDevice(t, a.ID, "web-01.corp.example.org", []string{shared, "00-1A-2B-3C-4D-5F"}, t0.Add(time.Minute))
	d3 := newDevice(t, a.ID, "db-01", nil, t0.Add(2*time.Minute))
	for _, d := range []*wolfden.Device{d1, d2, d3} {
		if err := tsA.CreateDevices(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	got, err := tsA.Device(ctx, d1.ID)
	if err != nil || got.HostName != d1.HostName || got.Policy.Name != "Default" || got.IPAddresses[0] != "10.0.0.1" ||
		got.MACAddresses[0] != shared || !got.Registered.Equal(t0.Truncate(time.Microsecond)) || got.Offline != nil {
		t.Fatalf("Device = %+v, %v", got, err)
	}
	if got, _ := tsA.Device(ctx, d3.ID); len(got.MACAddresses) != 0 {
		t.Fatalf("device without MACs reads back %q", got.MACAddresses)
	}
	page, err := tsA.Devices(ctx, wolfden.PageRequest{Number: 1, Size: 2}, false)
	if err != nil || page.Total != 3 || page.Items[0].ID != d3.ID || page.Items[1].ID != d2.ID {
		t.Fatalf("Devices = %+v, %v (want newest first)", page, err)
	}
	if found, err := tsA.DevicesByHostName(ctx, "WEB-01.CORP.example.org"); err != nil || len(found) != 2 {
		t.Fatalf("DevicesByHostName = %d devices, %v; want 2", len(found), err)
	}
	if found, err := tsA.DevicesByMAC(ctx, shared); err != nil || len(found) != 2 {
		t.Fatalf("DevicesByMAC = %d devices, %v; want 2", len(found), err)
	}
	if found, err := tsA.DevicesByMAC(ctx, "00-00-00-00-00-00"); err != nil || len(found) != 0 || found == nil {
		t.Fatalf("DevicesByMAC of nothing = %#v, %v; want an empty list", found, err)
	}

	later := t0.Add(time.Hour)
	updated, err := tsA.UpdateDevice(ctx, d2.ID, func(d *wolfden.Device) error {
		d.SetState(wolfden.Offline, later)
		d.MACAddresses = []string{"AA-BB-CC-DD-EE-FF"}
		return nil
	})
	if err != nil || updated.State != wolfden.Offline || updated.Offline == nil || !updated.Offline.Equal(later) {
		t.Fatalf("UpdateDevice = %+v, %v", updated, err)
	}
	if found, _ := tsA.DevicesByMAC(ctx, shared); len(found) != 1 {
		t.Fatalf("the MAC index kept a replaced address: %d devices", len(found))
	}
	_, err = tsA.UpdateDevice(ctx, d2.ID, func(d *wolfden.Device) error { d.Policy.ID = uuid.New(); return nil })
	wantCode(t, err, wolfden.ENotFound)

	_, err = tsB.Device(ctx, d1.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = tsB.UpdateDevice(ctx, d1.ID, func(d *wolfden.Device) error { d.Name = "stolen"; return nil })
	wantCode(t, err, wolfden.ENotFound)
	if found, _ := tsB.DevicesByHostName(ctx, d1.HostName); len(found) != 0 {
		t.Fatal("tenant B finds A's device by host name")
	}
	if found, _ := tsB.DevicesByMAC(ctx, "AA-BB-CC-DD-EE-FF"); len(found) != 0 {
		t.Fatal("tenant B finds A's device by MAC")
	}
	if page, _ := tsB.Devices(ctx, wolfden.PageRequest{Number: 1, Size: 10}, false); page.Total != 0 {
		t.Fatalf("tenant B lists %d devices", page.Total)
	}
}

func testDeviceZones(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts := s.ForTenant(a.ID)
	d := newDevice(t, a.ID, "web-01", []string{"00-1A-2B-3C-4D-5E"}, t0)
	finance, servers := newZone(t, a.ID, "Finance", wolfden.DefaultPolicyID), newZone(t, a.ID, "Servers", wolfden.DefaultPolicyID)
	foreign := newZone(t, b.ID, "Theirs", wolfden.DefaultPolicyID)
	for _, err := range []error{ts.CreateDevices(ctx, d), ts.CreateZone(ctx, finance), ts.CreateZone(ctx, servers),
		s.ForTenant(b.ID).CreateZone(ctx, foreign)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	join := func(ids ...uuid.UUID) func(*wolfden.Device) error {
		return func(d *wolfden.Device) error {
			for _, id := range ids {
				d.Zones = append(d.Zones, wolfden.Zone{ID: id})
			}
			return nil
		}
	}
	got, err := ts.UpdateDevice(ctx, d.ID, join(servers.ID, finance.ID))
	if err != nil || len(got.Zones) != 2 || got.Zones[0].Name != "Finance" || got.Zones[1].UpdateType != "Production" {
		t.Fatalf("after joining two zones: %+v, %v", got, err)
	}
	_, err = ts.UpdateDevice(ctx, d.ID, join(foreign.ID))
	wantCode(t, err, wolfden.ENotFound)
	if got, _ := ts.Device(ctx, d.ID); len(got.Zones) != 2 {
		t.Fatalf("a refused update changed the zones: %+v", got.Zones)
	}
	// The lookups by host name and MAC find the device with its zones, as
	// the lookup by id does.
	byHost, err := ts.DevicesByHostName(ctx, d.HostName)
	if err != nil || len(byHost) != 1 || len(byHost[0].Zones) != 2 || byHost[0].Zones[0].Name != "Finance" {
		t.Fatalf("DevicesByHostName = %+v, %v; want the device in its two zones", byHost, err)
	}
	byMAC, err := ts.DevicesByMAC(ctx, "00-1A-2B-3C-4D-5E")
	if err != nil || len(byMAC) != 1 || len(byMAC[0].Zones) != 2 {
		t.Fatalf("DevicesByMAC = %+v, %v; want the device in its two zones", byMAC, err)
	}

	members, err := ts.ZoneDevices(ctx, finance.ID, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || members.Total != 1 || members.Items[0].ID != d.ID {
		t.Fatalf("ZoneDevices = %+v, %v", members, err)
	}
	zones, err := ts.DeviceZones(ctx, d.ID, wolfden.PageRequest{Number: 1, Size: 1})
	if err != nil || zones.Total != 2 || len(zones.Items) != 1 || zones.Items[0].ID != finance.ID {
		t.Fatalf("DeviceZones = %+v, %v", zones, err)
	}
	_, err = ts.ZoneDevices(ctx, foreign.ID, wolfden.PageRequest{Number: 1, Size: 10})
	wantCode(t, err, wolfden.ENotFound)
	_, err = ts.DeviceZones(ctx, uuid.New(), wolfden.PageRequest{Number: 1, Size: 10})
	wantCode(t, err, wolfden.ENotFound)

	// Deleting a zone removes memberships, not devices.
	if err := ts.DeleteZone(ctx, finance.ID); err != nil {
		t.Fatal(err)
	}
	got, err = ts.Device(ctx, d.ID)
	if err != nil || len(got.Zones) != 1 || got.Zones[0].ID != servers.ID {
		t.Fatalf("after deleting a zone: %+v, %v", got, err)
	}
}

func report(t *testing.T, ts store.TenantStore, device uuid.UUID, sha, path string, found time.Time) {
	t.Helper()
	dt, err := wolfden.NewDeviceThreat(device, wolfden.ThreatReport{SHA256: sha, FilePath: path, Classification: "Malware",
		SubClassification: "Trojan", FileSize: 1234, DateFound: &found}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ts.ReportThreats(ctx, dt); err != nil {
		t.Fatal(err)
	}
}

func testThreats(t *testing.T, s store.Store) {
	a, app := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	d1, d2 := newDevice(t, a.ID, "one", nil, t0), newDevice(t, a.ID, "two", nil, t0)
	for _, d := range []*wolfden.Device{d1, d2} {
		if err := ts.CreateDevices(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	x, y := strings.Repeat("A", 64), strings.Repeat("B", 64)
	report(t, ts, d1.ID, x, `C:\a\x.exe`, t0.Add(time.Hour))
	report(t, ts, d2.ID, x, `C:\b\x.exe`, t0.Add(3*time.Hour))
	report(t, ts, d1.ID, y, `/tmp/y`, t0.Add(2*time.Hour))

	page, err := ts.Threats(ctx, nil, nil, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 2 || page.Items[0].SHA256 != x || !page.Items[0].LastFound.Equal(t0.Add(3*time.Hour)) ||
		!page.Items[0].FirstFound.Equal(t0.Add(time.Hour)) || page.Items[0].Name != "x.exe" {
		t.Fatalf("Threats = %+v, %v", page, err)
	}
	for _, tt := range []struct {
		number int
		want   []string
	}{{1, []string{x}}, {2, []string{y}}, {3, nil}} {
		page, err := ts.Threats(ctx, nil, nil, wolfden.PageRequest{Number: tt.number, Size: 1})
		var got []string
		for _, th := range page.Items {
			got = append(got, th.SHA256)
		}
		if err != nil || page.Total != 2 || !slices.Equal(got, tt.want) {
			t.Errorf("Threats page %d of size 1 = %v of %d, %v; want %v of 2", tt.number, got, page.Total, err, tt.want)
		}
	}
	from, to := t0.Add(90*time.Minute), t0.Add(150*time.Minute)
	if page, _ := ts.Threats(ctx, &from, &to, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 || page.Items[0].SHA256 != y {
		t.Fatalf("Threats last found in [1.5 h, 2.5 h] = %+v, want only y", page)
	}
	if _, err := ts.Threat(ctx, strings.Repeat("C", 64)); wolfden.CodeOf(err) != wolfden.ENotFound {
		t.Fatalf("unknown threat: %v", err)
	}
	sightings, err := ts.ThreatDevices(ctx, x, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || sightings.Total != 2 || sightings.Items[0].Device.ID != d2.ID || sightings.Items[0].FilePath != `C:\b\x.exe` {
		t.Fatalf("ThreatDevices = %+v, %v", sightings, err)
	}

	// Device safety follows outstanding threats and the global lists.
	if got, _ := ts.Device(ctx, d1.ID); got.IsSafe {
		t.Fatal("a device with unsafe files is safe")
	}
	if err := ts.SetDeviceThreatStatus(ctx, d1.ID, x, wolfden.FileQuarantined); err != nil {
		t.Fatal(err)
	}
	if err := ts.AddToGlobalList(ctx, &wolfden.GlobalListEntry{SHA256: y, ListType: wolfden.GlobalSafe, Category: "None",
		Reason: "r", Added: t0, AddedBy: app.ID}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ts.Device(ctx, d1.ID); !got.IsSafe {
		t.Fatal("quarantined and safelisted threats leave the device unsafe")
	}
	// The detailed (extended) list shows safety as single reads do.
	detailed, err := ts.Devices(ctx, wolfden.PageRequest{Number: 1, Size: 10}, true)
	if err != nil || len(detailed.Items) != 2 {
		t.Fatalf("Devices(detailed) = %+v, %v", detailed, err)
	}
	for _, d := range detailed.Items {
		if want := d.ID == d1.ID; d.IsSafe != want {
			t.Errorf("Devices(detailed): %s is_safe %v, want %v", d.Name, d.IsSafe, want)
		}
	}
	if page, _ := ts.Threats(ctx, &from, &to, wolfden.PageRequest{Number: 1, Size: 10}); len(page.Items) != 1 || !page.Items[0].Safelisted || page.Items[0].GlobalQuarantined {
		t.Fatalf("Threats after safelisting y = %+v", page)
	}
	threats, _ := ts.DeviceThreats(ctx, d1.ID, wolfden.PageRequest{Number: 1, Size: 10})
	if threats.Total != 2 || threats.Items[0].SHA256 != y || !threats.Items[0].Safelisted || threats.Items[1].Status != wolfden.FileQuarantined {
		t.Fatalf("DeviceThreats = %+v", threats)
	}
	wantCode(t, ts.SetDeviceThreatStatus(ctx, d2.ID, y, wolfden.FileQuarantined), wolfden.ENotFound)
	wantCode(t, ts.SetDeviceThreatStatus(ctx, uuid.New(), x, wolfden.FileQuarantined), wolfden.ENotFound)

	// Another tenant sees none of it, and cannot report on A's devices.
	if page, _ := tsB.Threats(ctx, nil, nil, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Fatalf("tenant B lists %d threats", page.Total)
	}
	_, err = tsB.ThreatDevices(ctx, x, wolfden.PageRequest{Number: 1, Size: 10})
	wantCode(t, err, wolfden.ENotFound)
	dt, _ := wolfden.NewDeviceThreat(d1.ID, wolfden.ThreatReport{SHA256: x, FilePath: "/z"}, t0)
	wantCode(t, tsB.ReportThreats(ctx, dt), wolfden.ENotFound)
	wantCode(t, tsB.SetDeviceThreatStatus(ctx, d1.ID, x, wolfden.FileWhitelisted), wolfden.ENotFound)
}

func testThreatSamples(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts := s.ForTenant(a.ID)
	d := newDevice(t, a.ID, "one", nil, t0)
	if err := ts.CreateDevices(ctx, d); err != nil {
		t.Fatal(err)
	}
	reportSample := func(r wolfden.ThreatReport) *wolfden.DeviceThreat {
		t.Helper()
		r.FilePath = `C:\x\file.exe`
		dt, err := wolfden.NewDeviceThreat(d.ID, r, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.ReportThreats(ctx, dt); err != nil {
			t.Fatal(err)
		}
		return dt
	}
	content := []byte("harmless\n")
	withContent, _ := wolfden.NewDeviceThreat(d.ID, wolfden.ThreatReport{Content: content, FilePath: "/c"}, t0)
	empty := reportSample(wolfden.ThreatReport{Content: []byte{}})
	seed := uint64(1<<63 + 5) // beyond a signed BIGINT
	generated := reportSample(wolfden.ThreatReport{SampleSeed: &seed, FileSize: 70_000})

	// Known by its hash alone first, then with its bytes: the bytes' MD5
	// and size replace the ones claimed; a later hash-only report keeps them.
	reportSample(wolfden.ThreatReport{SHA256: withContent.SHA256, MD5: strings.Repeat("A", 32), FileSize: 5})
	if th, err := ts.ThreatSample(ctx, withContent.SHA256); err != nil || th.Sample != nil || th.FileSize != 5 {
		t.Fatalf("a threat known by its hash: %+v, %v; want no sample", th, err)
	}
	reportSample(wolfden.ThreatReport{Content: content})
	reportSample(wolfden.ThreatReport{SHA256: withContent.SHA256, MD5: strings.Repeat("B", 32), FileSize: 99})

	for _, tt := range []struct {
		sha       string
		content   []byte // or
		generated *wolfden.GeneratedSample
		md5       string
		size      int64
	}{
		{withContent.SHA256, content, nil, withContent.MD5, int64(len(content))},
		{empty.SHA256, []byte{}, nil, empty.MD5, 0},
		{generated.SHA256, nil, &wolfden.GeneratedSample{Seed: seed, Size: 70_000}, generated.MD5, 70_000},
	} {
		th, err := ts.ThreatSample(ctx, tt.sha)
		if err != nil || th.Sample == nil || th.MD5 != tt.md5 || th.FileSize != tt.size {
			t.Fatalf("ThreatSample(%s) = %+v, %v; want md5 %s, %d bytes", tt.sha, th, err, tt.md5, tt.size)
		}
		if tt.generated != nil && (th.Sample.Generated == nil || *th.Sample.Generated != *tt.generated) ||
			tt.generated == nil && (th.Sample.Generated != nil || !slices.Equal(th.Sample.Content, tt.content)) {
			t.Errorf("ThreatSample(%s).Sample = %+v, want content %q or %+v", tt.sha, th.Sample, tt.content, tt.generated)
		}
		if th, _ := ts.Threat(ctx, tt.sha); th.Sample != nil {
			t.Errorf("Threat(%s) reads the sample", tt.sha)
		}
	}
	_, err := s.ForTenant(b.ID).ThreatSample(ctx, generated.SHA256)
	wantCode(t, err, wolfden.ENotFound)
}

func testMemoryEvents(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	d1, d2 := newDevice(t, a.ID, "one", nil, t0), newDevice(t, a.ID, "two", nil, t0)
	for _, d := range []*wolfden.Device{d1, d2} {
		if err := ts.CreateDevices(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	var ids []uuid.UUID
	for i, d := range []*wolfden.Device{d1, d2, d1} {
		e := &wolfden.MemoryEvent{ID: uuid.New(), DeviceID: d.ID, Created: t0.Add(time.Duration(i) * time.Hour),
			Action: 2, ViolationType: 12, ImageName: `C:\\Windows\\Temp\\dumper.exe`, ProcessID: 7312}
		if err := ts.CreateMemoryEvents(ctx, e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	got, err := ts.MemoryEvent(ctx, ids[0])
	if err != nil || got.DeviceID != d1.ID || got.ViolationType != 12 || got.ProcessID != 7312 || !got.Created.Equal(t0) {
		t.Fatalf("MemoryEvent = %+v, %v", got, err)
	}
	page, err := ts.MemoryEvents(ctx, nil, nil, nil, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 3 || page.Items[0].ID != ids[2] {
		t.Fatalf("MemoryEvents = %+v, %v (want newest first)", page, err)
	}
	if page, _ := ts.MemoryEvents(ctx, nil, nil, &d1.ID, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 2 {
		t.Fatalf("events of device one: %d, want 2", page.Total)
	}
	from, to := t0.Add(30*time.Minute), t0.Add(90*time.Minute)
	if page, _ := ts.MemoryEvents(ctx, &from, &to, nil, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 || page.Items[0].ID != ids[1] {
		t.Fatalf("events in [0.5 h, 1.5 h] = %+v", page)
	}
	wantCode(t, tsB.CreateMemoryEvents(ctx, &wolfden.MemoryEvent{ID: uuid.New(), DeviceID: d1.ID, Created: t0}), wolfden.ENotFound)
	_, err = tsB.MemoryEvent(ctx, ids[0])
	wantCode(t, err, wolfden.ENotFound)
	if page, _ := tsB.MemoryEvents(ctx, nil, nil, nil, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Fatalf("tenant B lists %d events", page.Total)
	}
}

func testDeviceDeletions(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	keep, gone := newDevice(t, a.ID, "keep", nil, t0), newDevice(t, a.ID, "gone", []string{"00-11-22-33-44-55"}, t0)
	for _, d := range []*wolfden.Device{keep, gone} {
		if err := ts.CreateDevices(ctx, d); err != nil {
			t.Fatal(err)
		}
	}
	report(t, ts, gone.ID, strings.Repeat("D", 64), "/x", t0)

	// Tenant B asks to delete A's device: its request deletes nothing.
	other, err := wolfden.NewDeviceDeletion(b.ID, []string{keep.ID.String()}, nil, t0)
	if err != nil {
		t.Fatal(err)
	}
	mine, err := wolfden.NewDeviceDeletion(a.ID, []string{gone.ID.String(), "not-an-id"}, nil, t0)
	if err != nil || len(mine.DeviceIDs) != 1 {
		t.Fatalf("NewDeviceDeletion = %+v, %v", mine, err)
	}
	for _, x := range []struct {
		ts store.TenantStore
		d  *wolfden.DeviceDeletion
	}{{tsB, other}, {ts, mine}} {
		if err := x.ts.RequestDeviceDeletion(ctx, x.d); err != nil {
			t.Fatal(err)
		}
	}
	pending, err := s.PendingDeviceDeletions(ctx)
	if err != nil || len(pending) != 2 {
		t.Fatalf("PendingDeviceDeletions = %+v, %v", pending, err)
	}
	done := t0.Add(time.Minute)
	for _, p := range pending {
		d, completed, err := s.ForTenant(p.TenantID).CompleteDeviceDeletion(ctx, p.RequestID, done)
		if err != nil || !completed || d.Completed == nil || !d.Completed.Equal(done) {
			t.Fatalf("CompleteDeviceDeletion = %+v, %v, %v", d, completed, err)
		}
	}
	if pending, _ := s.PendingDeviceDeletions(ctx); len(pending) != 0 {
		t.Fatalf("still pending: %+v", pending)
	}
	if _, err := ts.Device(ctx, keep.ID); err != nil {
		t.Fatalf("tenant B's request deleted A's device: %v", err)
	}
	_, err = ts.Device(ctx, gone.ID)
	wantCode(t, err, wolfden.ENotFound)
	if found, _ := ts.DevicesByMAC(ctx, "00-11-22-33-44-55"); len(found) != 0 {
		t.Fatal("a deleted device is still found by MAC")
	}
	if page, _ := ts.Threats(ctx, nil, nil, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Fatal("a deleted device's threat is still listed")
	}
	// Completing again changes nothing, at the same time too (which a
	// fixed clock, or two servers, may give): the second call did not
	// complete it. Another tenant cannot see it.
	for _, at := range []time.Time{done, done.Add(time.Hour)} {
		again, completed, err := ts.CompleteDeviceDeletion(ctx, mine.ID, at)
		if err != nil || completed || !again.Completed.Equal(done) {
			t.Fatalf("second completion at %v = %+v, %v, %v", at, again, completed, err)
		}
	}
	_, _, err = tsB.CompleteDeviceDeletion(ctx, mine.ID, done)
	wantCode(t, err, wolfden.ENotFound)
}

// A deletion request gives back every device id it was made with, in
// order, whether or not the device exists, and an empty request none.
func testDeviceDeletionIDs(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	ts := s.ForTenant(a.ID)
	dev := newDevice(t, a.ID, "one", nil, t0)
	if err := ts.CreateDevices(ctx, dev); err != nil {
		t.Fatal(err)
	}
	many := []uuid.UUID{uuid.New(), dev.ID, uuid.New()}
	for i := range 997 {
		many = append(many, uuid.NewSHA1(a.ID, []byte{byte(i), byte(i >> 8)}))
	}
	for _, ids := range [][]uuid.UUID{many, {}, nil} {
		req := &wolfden.DeviceDeletion{ID: uuid.New(), TenantID: a.ID, DeviceIDs: ids, Requested: t0}
		if err := ts.RequestDeviceDeletion(ctx, req); err != nil {
			t.Fatal(err)
		}
		for _, at := range []time.Time{t0, t0.Add(time.Minute)} { // completing, then completed
			d, _, err := ts.CompleteDeviceDeletion(ctx, req.ID, at)
			if err != nil {
				t.Fatalf("CompleteDeviceDeletion of %d ids: %v", len(ids), err)
			}
			if !slices.Equal(d.DeviceIDs, ids) {
				t.Fatalf("CompleteDeviceDeletion gave %d ids %v..., want %d %v...",
					len(d.DeviceIDs), d.DeviceIDs[:min(3, len(d.DeviceIDs))], len(ids), ids[:min(3, len(ids))])
			}
		}
	}
	_, err := ts.Device(ctx, dev.ID)
	wantCode(t, err, wolfden.ENotFound)
}

func testDeviceLifecycle(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	if got, err := ts.LifecycleSettings(ctx); err != nil || got != wolfden.DefaultLifecycleSettings {
		t.Fatalf("LifecycleSettings of a new tenant = %+v, %v", got, err)
	}
	due, exempt, reset, online := newDevice(t, a.ID, "due", nil, t0), newDevice(t, a.ID, "exempt", nil, t0),
		newDevice(t, a.ID, "reset", nil, t0), newDevice(t, a.ID, "online", nil, t0)
	for _, d := range []*wolfden.Device{due, exempt, reset} {
		d.SetState(wolfden.Offline, t0)
	}
	otherDue := newDevice(t, b.ID, "other", nil, t0)
	otherDue.SetState(wolfden.Offline, t0)
	if err := ts.CreateDevices(ctx, due, exempt, reset, online); err != nil {
		t.Fatal(err)
	}
	if err := tsB.CreateDevices(ctx, otherDue); err != nil {
		t.Fatal(err)
	}

	// Removal on in both tenants, with A's settings the only ones changed.
	on := func(ls *wolfden.LifecycleSettings) error {
		ls.DeletionEnabled, ls.InactiveDays, ls.DeletionDays = true, 7, 7
		return nil
	}
	if _, err := ts.UpdateLifecycleSettings(ctx, on); err != nil {
		t.Fatal(err)
	}
	if got, _ := tsB.LifecycleSettings(ctx); got != wolfden.DefaultLifecycleSettings {
		t.Fatalf("tenant B's settings changed with A's: %+v", got)
	}
	_, err := ts.UpdateLifecycleSettings(ctx, func(ls *wolfden.LifecycleSettings) error {
		ls.InactiveDays = 99
		return wolfden.Errorf(wolfden.EInvalid, "refused")
	})
	wantCode(t, err, wolfden.EInvalid)
	if got, _ := ts.LifecycleSettings(ctx); got.InactiveDays != 7 {
		t.Fatalf("a refused change was stored: %+v", got)
	}
	if tenants, err := s.TenantsRemovingInactiveDevices(ctx); err != nil || len(tenants) != 1 || tenants[0] != a.ID {
		t.Fatalf("TenantsRemovingInactiveDevices = %v, %v", tenants, err)
	}
	if got, _ := ts.Device(ctx, due.ID); got.RemovalDue == nil || !got.RemovalDue.Equal(t0.Truncate(time.Microsecond).Add(14*24*time.Hour)) {
		t.Fatalf("RemovalDue = %v", got.RemovalDue)
	}

	// All or none: an unknown device, or another tenant's, changes nothing.
	wantCode(t, ts.SetLifecycleExempt(ctx, []uuid.UUID{exempt.ID, otherDue.ID}, true, t0), wolfden.ENotFound)
	wantCode(t, tsB.SetLifecycleExempt(ctx, []uuid.UUID{exempt.ID}, true, t0), wolfden.ENotFound)
	if got, _ := ts.Device(ctx, exempt.ID); got.LifecycleExempt {
		t.Fatal("a refused exemption was stored")
	}
	if err := ts.SetLifecycleExempt(ctx, []uuid.UUID{exempt.ID}, true, t0); err != nil {
		t.Fatal(err)
	}
	if got, _ := ts.Device(ctx, exempt.ID); !got.LifecycleExempt || got.RemovalDue != nil {
		t.Fatalf("exempt device: LifecycleExempt %v, RemovalDue %v", got.LifecycleExempt, got.RemovalDue)
	}
	if err := ts.ResetInactivePeriod(ctx, []uuid.UUID{reset.ID}, t0.Add(24*time.Hour)); err != nil {
		t.Fatal(err)
	}

	n, err := ts.RemoveInactiveDevices(ctx, t0.Add(14*24*time.Hour+time.Second))
	if err != nil || n != 1 {
		t.Fatalf("RemoveInactiveDevices = %d, %v; want 1", n, err)
	}
	_, err = ts.Device(ctx, due.ID)
	wantCode(t, err, wolfden.ENotFound)
	for _, d := range []*wolfden.Device{exempt, reset, online} {
		if _, err := ts.Device(ctx, d.ID); err != nil {
			t.Fatalf("device %s was removed: %v", d.HostName, err)
		}
	}
	if n, err := tsB.RemoveInactiveDevices(ctx, t0.Add(365*24*time.Hour)); err != nil || n != 0 {
		t.Fatalf("tenant B, removal off: RemoveInactiveDevices = %d, %v", n, err)
	}
	if n, _ := ts.RemoveInactiveDevices(ctx, t0.Add(15*24*time.Hour+time.Second)); n != 1 {
		t.Fatalf("after its reset period: removed %d, want the reset device", n)
	}
}

func newPolicy(t *testing.T, tenantID uuid.UUID, name string) *policy.DevicePolicy {
	t.Helper()
	p, err := policy.NewDevicePolicy(tenantID, uuid.New(), policy.Document{PolicyName: name}, t0)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func testPolicies(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, tsB := s.ForTenant(a.ID), s.ForTenant(b.ID)
	def, err := ts.DevicePolicy(ctx, wolfden.DefaultPolicyID)
	if err != nil || def.Name != "Default" || len(def.Document.Settings) == 0 || def.Checksum == "" {
		t.Fatalf("Default policy = %+v, %v", def, err)
	}
	finance := newPolicy(t, a.ID, "Finance")
	if err := ts.CreatePolicy(ctx, finance); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ts.CreatePolicy(ctx, newPolicy(t, a.ID, "FINANCE")), wolfden.EConflict)
	if err := tsB.CreatePolicy(ctx, newPolicy(t, b.ID, "Finance")); err != nil {
		t.Fatalf("another tenant's policy name conflicts: %v", err)
	}
	got, err := ts.DevicePolicy(ctx, finance.ID)
	if err != nil || got.Name != "Finance" || got.Checksum != finance.Checksum ||
		len(got.Document.Settings) != len(finance.Document.Settings) {
		t.Fatalf("DevicePolicy = %+v, %v", got, err)
	}

	// Devices and zones use it; the list counts them.
	d := newDevice(t, a.ID, "fin-01", nil, t0)
	d.Policy.ID = finance.ID
	z := newZone(t, a.ID, "Finance Laptops", finance.ID)
	if err := ts.CreateDevices(ctx, d); err != nil {
		t.Fatal(err)
	}
	if err := ts.CreateZone(ctx, z); err != nil {
		t.Fatal(err)
	}
	page, err := ts.Policies(ctx, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 2 || page.Items[0].Name != "Default" || page.Items[1].ID != finance.ID ||
		page.Items[1].DeviceCount != 1 || page.Items[1].ZoneCount != 1 {
		t.Fatalf("Policies = %+v, %v", page, err)
	}
	if dev, _ := ts.Device(ctx, d.ID); dev.Policy.Name != "Finance" {
		t.Fatalf("device policy %+v", dev.Policy)
	}

	// Update: a refused change stores nothing, a rename to a used name conflicts.
	_, err = ts.UpdatePolicy(ctx, finance.ID, func(p *policy.DevicePolicy) error {
		p.Name = "changed"
		return wolfden.Errorf(wolfden.EInvalid, "refused")
	})
	wantCode(t, err, wolfden.EInvalid)
	_, err = ts.UpdatePolicy(ctx, finance.ID, func(p *policy.DevicePolicy) error {
		return p.Replace(policy.Document{PolicyName: "default"}, uuid.New(), t0)
	})
	wantCode(t, err, wolfden.EConflict)
	renamed, err := ts.UpdatePolicy(ctx, finance.ID, func(p *policy.DevicePolicy) error {
		return p.Replace(policy.Document{PolicyName: "Finance 2"}, uuid.New(), t0.Add(time.Hour))
	})
	if err != nil || renamed.Name != "Finance 2" || !renamed.Modified.Equal(t0.Add(time.Hour)) {
		t.Fatalf("UpdatePolicy = %+v, %v", renamed, err)
	}
	if dev, _ := ts.Device(ctx, d.ID); dev.Policy.Name != "Finance 2" {
		t.Fatalf("device policy after rename %+v", dev.Policy)
	}

	// Another tenant reaches none of it.
	_, err = tsB.DevicePolicy(ctx, finance.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = tsB.UpdatePolicy(ctx, finance.ID, func(p *policy.DevicePolicy) error { return nil })
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, tsB.DeletePolicies(ctx, []uuid.UUID{finance.ID}), wolfden.ENotFound)

	// Delete: all or none; the Default policy stays; users of the policy
	// move to Default.
	wantCode(t, ts.DeletePolicies(ctx, []uuid.UUID{finance.ID, wolfden.DefaultPolicyID}), wolfden.EInvalid)
	wantCode(t, ts.DeletePolicies(ctx, []uuid.UUID{finance.ID, uuid.New()}), wolfden.ENotFound)
	if dev, _ := ts.Device(ctx, d.ID); dev.Policy.ID != finance.ID {
		t.Fatal("a refused deletion moved the device")
	}
	if err := ts.DeletePolicies(ctx, []uuid.UUID{finance.ID}); err != nil {
		t.Fatal(err)
	}
	_, err = ts.DevicePolicy(ctx, finance.ID)
	wantCode(t, err, wolfden.ENotFound)
	if dev, _ := ts.Device(ctx, d.ID); dev.Policy.ID != wolfden.DefaultPolicyID || dev.Policy.Name != "Default" {
		t.Fatalf("device policy after deletion %+v", dev.Policy)
	}
	if zone, _ := ts.Zone(ctx, z.ID); zone.PolicyID != wolfden.DefaultPolicyID {
		t.Fatalf("zone policy after deletion %v", zone.PolicyID)
	}
}
