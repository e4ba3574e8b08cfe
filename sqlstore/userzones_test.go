package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
)

func insertZone(t *testing.T, s *sqlstore.Store, tenantID uuid.UUID, name string) uuid.UUID {
	t.Helper()
	z, err := wolfden.NewZone(tenantID, wolfden.ZoneChange{Name: &name, PolicyID: ptr(wolfden.DefaultPolicyID.String()),
		Criticality: ptr("Normal")}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.ForTenant(tenantID).CreateZone(context.Background(), z); err != nil {
		t.Fatal(err)
	}
	return z.ID
}

func TestUserZoneRoles(t *testing.T) {
	forEachBackend(t, func(t *testing.T, s *sqlstore.Store) {
		ctx := context.Background()
		now := time.Now().UTC()
		tn, app, _ := wolfden.NewTenant("A", now)
		other, otherApp, _ := wolfden.NewTenant("B", now)
		for _, x := range []struct {
			t *wolfden.Tenant
			a *wolfden.Application
		}{{tn, app}, {other, otherApp}} {
			if err := s.CreateTenant(ctx, x.t, x.a); err != nil {
				t.Fatal(err)
			}
		}
		finance := insertZone(t, s, tn.ID, "Finance Laptops")
		servers := insertZone(t, s, tn.ID, "Servers")
		foreign := insertZone(t, s, other.ID, "Not yours")

		ts := s.ForTenant(tn.ID)
		zones := &[]wolfden.UserZoneChange{
			{ID: servers.String(), RoleType: string(wolfden.ZoneRoleUser)},
			{ID: finance.String(), RoleType: string(wolfden.ZoneRoleManager)},
		}
		u, err := wolfden.NewUser(tn.ID, wolfden.UserChange{Email: ptr("zm@example.org"), Role: ptr(string(wolfden.RoleUser)), Zones: zones}, now)
		if err != nil {
			t.Fatal(err)
		}
		if err := ts.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
		got, err := ts.User(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.EffectiveRole() != wolfden.RoleZoneManager || len(got.Zones) != 2 ||
			got.Zones[0].ZoneName != "Finance Laptops" || got.Zones[1].ZoneName != "Servers" {
			t.Fatalf("zone manager read back as %s with zones %+v", got.EffectiveRole(), got.Zones)
		}

		// Another tenant's zone does not exist for this tenant.
		_, err = ts.UpdateUser(ctx, u.ID, func(u *wolfden.User) error {
			return wolfden.UserChange{Zones: &[]wolfden.UserZoneChange{{ID: foreign.String(), RoleType: string(wolfden.ZoneRoleUser)}}}.Apply(u, now)
		})
		if e, ok := err.(*wolfden.Error); !ok || e.Field != "zones[0].id" {
			t.Fatalf("another tenant's zone: %v", err)
		}

		// Deleting a zone removes the role in it, not the user.
		if err := ts.DeleteZone(ctx, finance); err != nil {
			t.Fatal(err)
		}
		got, err = ts.User(ctx, u.ID)
		if err != nil || len(got.Zones) != 1 || got.EffectiveRole() != wolfden.RoleUser {
			t.Fatalf("after the zone's deletion: %+v, %v", got, err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
