package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/store"
)

// newPartners creates partners with the given names.
func newPartners(t *testing.T, s store.Store, names ...string) []*partner.Partner {
	t.Helper()
	var out []*partner.Partner
	for _, name := range names {
		p, app, err := partner.NewPartner(name, t0)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.CreatePartner(ctx, p, app); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

func testPartners(t *testing.T, s store.Store) {
	p1, app1, err := partner.NewPartner("Acme MSP", t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.CreatePartner(ctx, p1, app1); err != nil {
		t.Fatal(err)
	}
	p2, app2, _ := partner.NewPartner("ACME msp", t0)
	wantCode(t, s.CreatePartner(ctx, p2, app2), wolfden.EConflict)
	p2, app2, _ = partner.NewPartner("Other MSP", t0)
	if err := s.CreatePartner(ctx, p2, app2); err != nil {
		t.Fatal(err)
	}
	if got, err := s.PartnerApplication(ctx, app1.ID); err != nil || got.PartnerID != p1.ID || got.Secret != app1.Secret {
		t.Fatalf("PartnerApplication = %+v, %v", got, err)
	}
	_, err = s.PartnerApplication(ctx, uuid.New())
	wantCode(t, err, wolfden.ENotFound)

	own := func(p *partner.Partner, name string) *wolfden.Tenant {
		tn, app, err := wolfden.NewTenant(name, t0)
		if err != nil {
			t.Fatal(err)
		}
		tn.PartnerID = p.ID
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		return tn
	}
	dental, bakery := own(p1, "Example Dental"), own(p1, "Bakery")
	other := own(p2, "Other Customer")
	unowned, _ := NewTenant(t, s, "Direct Customer")

	page, err := s.ForPartner(p1.ID).Tenants(ctx, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 2 || page.Items[0].ID != bakery.ID || page.Items[1].ID != dental.ID ||
		page.Items[0].PartnerID != p1.ID {
		t.Fatalf("Tenants = %+v, %v", page, err)
	}
	if got, err := s.ForPartner(p1.ID).Tenant(ctx, dental.ID); err != nil || got.Name != "Example Dental" {
		t.Fatalf("Tenant = %+v, %v", got, err)
	}
	for _, id := range []uuid.UUID{other.ID, unowned.ID} {
		_, err := s.ForPartner(p1.ID).Tenant(ctx, id)
		wantCode(t, err, wolfden.ENotFound)
	}
	if got, _ := s.Tenant(ctx, unowned.ID); got.PartnerID != uuid.Nil {
		t.Fatalf("a tenant without a partner reads back with partner %v", got.PartnerID)
	}
	// Tenant names are unique across the whole server, partners or not.
	tn, app, _ := wolfden.NewTenant("other customer", t0)
	tn.PartnerID = p1.ID
	wantCode(t, s.CreateTenant(ctx, tn, app), wolfden.EConflict)
}

func testPolicyTemplates(t *testing.T, s store.Store) {
	partners := newPartners(t, s, "Acme MSP", "Other MSP")
	p1, p2 := partners[0], partners[1]
	ps, ps2 := s.ForPartner(p1.ID), s.ForPartner(p2.ID)
	tpl, err := policy.NewPolicyTemplate(p1.ID, "Baseline", policy.Document{}, t0)
	if err != nil {
		t.Fatal(err)
	}
	if err := ps.CreatePolicyTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	dup, _ := policy.NewPolicyTemplate(p1.ID, "BASELINE", policy.Document{}, t0)
	wantCode(t, ps.CreatePolicyTemplate(ctx, dup), wolfden.EConflict)
	same, _ := policy.NewPolicyTemplate(p2.ID, "Baseline", policy.Document{}, t0)
	if err := ps2.CreatePolicyTemplate(ctx, same); err != nil {
		t.Fatalf("another partner's template name conflicts: %v", err)
	}
	if got, err := ps.PolicyTemplate(ctx, tpl.ID); err != nil || got.Name != "Baseline" || len(got.Document.Settings) != len(tpl.Document.Settings) {
		t.Fatalf("PolicyTemplate = %+v, %v", got, err)
	}
	_, err = ps2.PolicyTemplate(ctx, tpl.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = ps2.UpdatePolicyTemplate(ctx, tpl.ID, func(*policy.Template) error { return nil })
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, ps2.DeletePolicyTemplate(ctx, tpl.ID), wolfden.ENotFound)
	updated, err := ps.UpdatePolicyTemplate(ctx, tpl.ID, func(x *policy.Template) error {
		return x.Replace("Baseline v2", policy.Document{}, t0.Add(time.Hour))
	})
	if err != nil || updated.Name != "Baseline v2" {
		t.Fatalf("UpdatePolicyTemplate = %+v, %v", updated, err)
	}
	if page, err := ps.PolicyTemplates(ctx, wolfden.PageRequest{Number: 1, Size: 10}); err != nil || page.Total != 1 {
		t.Fatalf("PolicyTemplates = %+v, %v", page, err)
	}
	if err := ps.DeletePolicyTemplate(ctx, tpl.ID); err != nil {
		t.Fatal(err)
	}
	if page, _ := ps2.PolicyTemplates(ctx, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 {
		t.Fatal("deleting one partner's template touched another's")
	}
}

func testPartnerUsers(t *testing.T, s store.Store) {
	partners := newPartners(t, s, "Acme MSP", "Other MSP")
	ps, ps2 := s.ForPartner(partners[0].ID), s.ForPartner(partners[1].ID)
	newUser := func(p *partner.Partner, email string) *partner.User {
		roles := []string{"Partner Administrator"}
		u, err := partner.NewPartnerUser(p.ID, partner.UserChange{Email: &email, Roles: &roles}, t0)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	ann := newUser(partners[0], "Ann@example.org")
	if err := ps.CreatePartnerUser(ctx, ann); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ps.CreatePartnerUser(ctx, newUser(partners[0], "ann@EXAMPLE.org")), wolfden.EConflict)
	if err := ps2.CreatePartnerUser(ctx, newUser(partners[1], "ann@example.org")); err != nil {
		t.Fatalf("another partner's user e-mail conflicts: %v", err)
	}
	bob := newUser(partners[0], "bob@example.org")
	if err := ps.CreatePartnerUser(ctx, bob); err != nil {
		t.Fatal(err)
	}
	got, err := ps.PartnerUser(ctx, ann.ID)
	if err != nil || got.Email != "Ann@example.org" || len(got.Roles) != 1 || got.InvitesSent != 1 || !got.InviteSent.Equal(t0) {
		t.Fatalf("PartnerUser = %+v, %v", got, err)
	}
	_, err = ps2.PartnerUser(ctx, ann.ID)
	wantCode(t, err, wolfden.ENotFound)
	wantCode(t, ps2.DeletePartnerUser(ctx, ann.ID), wolfden.ENotFound)

	// Taking another user's e-mail is a conflict that changes nothing.
	_, err = ps.UpdatePartnerUser(ctx, bob.ID, func(u *partner.User) error { u.Email = "ANN@example.org"; return nil })
	wantCode(t, err, wolfden.EConflict)
	later := t0.Add(time.Hour)
	updated, err := ps.UpdatePartnerUser(ctx, bob.ID, func(u *partner.User) error {
		u.FirstName, u.Roles = "Bob", []string{"Partner Administrator", "Auditor"}
		u.Reinvite(later)
		return nil
	})
	if err != nil || updated.FirstName != "Bob" {
		t.Fatalf("UpdatePartnerUser = %+v, %v", updated, err)
	}
	if got, _ := ps.PartnerUser(ctx, bob.ID); got.Email != "bob@example.org" || len(got.Roles) != 2 ||
		got.InvitesSent != 2 || !got.InviteSent.Equal(later) {
		t.Fatalf("after update %+v", got)
	}
	page, err := ps.PartnerUsers(ctx, wolfden.PageRequest{Number: 1, Size: 10})
	if err != nil || page.Total != 2 || page.Items[0].ID != ann.ID || page.Items[1].ID != bob.ID {
		t.Fatalf("PartnerUsers = %+v, %v", page, err)
	}
	if err := ps.DeletePartnerUser(ctx, ann.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, ps.DeletePartnerUser(ctx, ann.ID), wolfden.ENotFound)
	if page, _ := ps2.PartnerUsers(ctx, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 {
		t.Fatal("deleting one partner's user touched another's")
	}
	_, err = ps.UpdatePartnerUser(ctx, uuid.New(), func(*partner.User) error { return nil })
	wantCode(t, err, wolfden.ENotFound)
}

func testApplyPolicyTemplate(t *testing.T, s store.Store) {
	partners := newPartners(t, s, "Acme MSP", "Other MSP")
	ps := s.ForPartner(partners[0].ID)
	own := func(p *partner.Partner, name string) uuid.UUID {
		tn, app, _ := wolfden.NewTenant(name, t0)
		tn.PartnerID = p.ID
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		return tn.ID
	}
	withPolicy, without, refused := own(partners[0], "A"), own(partners[0], "B"), own(partners[0], "C")
	others := own(partners[1], "D")
	existing := newPolicy(t, withPolicy, "baseline")
	if err := s.ForTenant(withPolicy).CreatePolicy(ctx, existing); err != nil {
		t.Fatal(err)
	}
	tpl, _ := policy.NewPolicyTemplate(partners[0].ID, "Baseline", policy.Document{}, t0)
	if err := ps.CreatePolicyTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	apply := func(tp *policy.Template, tenant uuid.UUID, current *policy.DevicePolicy) (*policy.DevicePolicy, error) {
		if tenant == refused {
			return nil, wolfden.Errorf(wolfden.EInvalid, "refused")
		}
		return tp.PolicyFor(tenant, current, uuid.Nil, t0.Add(time.Hour))
	}
	unknown := uuid.New()
	results, err := ps.ApplyPolicyTemplate(ctx, tpl.ID, []uuid.UUID{withPolicy, without, refused, others, unknown}, apply)
	if err != nil || len(results) != 5 {
		t.Fatalf("ApplyPolicyTemplate = %+v, %v", results, err)
	}
	if r := results[0]; r.Err != nil || r.Created || r.PolicyID != existing.ID {
		t.Errorf("tenant with the policy: %+v", r)
	}
	if r := results[1]; r.Err != nil || !r.Created {
		t.Errorf("tenant without the policy: %+v", r)
	}
	wantCode(t, results[2].Err, wolfden.EInvalid)
	wantCode(t, results[3].Err, wolfden.ENotFound)
	wantCode(t, results[4].Err, wolfden.ENotFound)

	if got, err := s.ForTenant(withPolicy).DevicePolicy(ctx, existing.ID); err != nil || got.Name != "Baseline" ||
		!got.Modified.Equal(t0.Add(time.Hour)) {
		t.Errorf("replaced policy %+v, %v", got, err)
	}
	if got, err := s.ForTenant(without).DevicePolicy(ctx, results[1].PolicyID); err != nil || got.Name != "Baseline" {
		t.Errorf("created policy %+v, %v", got, err)
	}
	for _, tenant := range []uuid.UUID{refused, others} {
		if page, _ := s.ForTenant(tenant).Policies(ctx, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 1 {
			t.Errorf("tenant %s has %d policies, want only Default", tenant, page.Total)
		}
	}
	_, err = s.ForPartner(partners[1].ID).ApplyPolicyTemplate(ctx, tpl.ID, []uuid.UUID{others}, apply)
	wantCode(t, err, wolfden.ENotFound)
}

func testReports(t *testing.T, s store.Store) {
	partners := newPartners(t, s, "Acme MSP", "Other MSP")
	ps, ps2 := s.ForPartner(partners[0].ID), s.ForPartner(partners[1].ID)
	own := func(p *partner.Partner, name string, online, offline int) {
		tn, app, _ := wolfden.NewTenant(name, t0)
		tn.PartnerID = p.ID
		if err := s.CreateTenant(ctx, tn, app); err != nil {
			t.Fatal(err)
		}
		for i := range online + offline {
			d := newDevice(t, tn.ID, fmt.Sprintf("host-%d", i), nil, t0)
			if i >= online {
				d.SetState(wolfden.Offline, t0)
			}
			if err := s.ForTenant(tn.ID).CreateDevices(ctx, d); err != nil {
				t.Fatal(err)
			}
		}
	}
	own(partners[0], "Busy", 2, 1)
	own(partners[0], "Empty", 0, 0)
	own(partners[1], "Theirs", 5, 0)

	usage, err := ps.TenantUsage(ctx)
	if err != nil || len(usage) != 2 || usage[0].Tenant.Name != "Busy" || usage[0].Devices != 3 || usage[0].OnlineDevices != 2 ||
		usage[1].Devices != 0 {
		t.Fatalf("TenantUsage = %+v, %v", usage, err)
	}

	run := func(ps store.PartnerStore, at time.Time) *partner.ReportRun {
		r, err := partner.Reports[0].Run(ps.PartnerID(), usage, at)
		if err != nil {
			t.Fatal(err)
		}
		if err := ps.CreateReportRun(ctx, r); err != nil {
			t.Fatal(err)
		}
		return r
	}
	first := run(ps, t0)
	got, err := ps.ReportRun(ctx, first.ID)
	if err != nil || got.ReportID != partner.Reports[0].ID || got.Rows != 2 || string(got.CSV) != string(first.CSV) ||
		!got.Created.Equal(t0) {
		t.Fatalf("ReportRun = %+v, %v", got, err)
	}
	_, err = ps2.ReportRun(ctx, first.ID)
	wantCode(t, err, wolfden.ENotFound)
	run(ps2, t0)

	// A partner keeps its newest MaxReportRuns runs.
	for i := range partner.MaxReportRuns {
		run(ps, t0.Add(time.Duration(i+1)*time.Minute))
	}
	page, err := ps.ReportRuns(ctx, wolfden.PageRequest{Number: 1, Size: 5})
	if err != nil || page.Total != partner.MaxReportRuns || len(page.Items) != 5 ||
		!page.Items[0].Created.Equal(t0.Add(partner.MaxReportRuns*time.Minute)) || page.Items[0].CSV != nil {
		t.Fatalf("ReportRuns = total %d, first %+v, %v", page.Total, page.Items[0], err)
	}
	_, err = ps.ReportRun(ctx, first.ID)
	wantCode(t, err, wolfden.ENotFound)
	if page, _ := ps2.ReportRuns(ctx, wolfden.PageRequest{Number: 1, Size: 5}); page.Total != 1 {
		t.Errorf("another partner's runs: %d, want 1", page.Total)
	}
}
