package wolfden_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

func ptr[T any](v T) *T { return &v }

func TestUserRoles(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	zone := uuid.NewString()
	managed := &[]wolfden.UserZoneChange{{ID: zone, RoleType: string(wolfden.ZoneRoleManager)}}
	member := &[]wolfden.UserZoneChange{{ID: zone, RoleType: string(wolfden.ZoneRoleUser)}}

	u, err := wolfden.NewUser(uuid.New(), wolfden.UserChange{
		Email: ptr("zm@example.org"), Role: ptr(string(wolfden.RoleUser)), Zones: managed}, now)
	if err != nil {
		t.Fatal(err)
	}
	if u.EffectiveRole() != wolfden.RoleZoneManager || u.Role != wolfden.RoleUser {
		t.Errorf("a User managing a zone shows %s (assigned %s)", u.EffectiveRole(), u.Role)
	}
	if u.InviteSent == nil || !u.InviteSent.Equal(now) {
		t.Errorf("creating a user records its invitation: %v", u.InviteSent)
	}

	later := now.Add(time.Hour)
	if err := (wolfden.UserChange{Zones: member}).Apply(u, later); err != nil {
		t.Fatal(err)
	}
	if u.EffectiveRole() != wolfden.RoleUser || !u.Zones[0].Added.Equal(now) || !u.Zones[0].Modified.Equal(later) {
		t.Errorf("demoted to zone member: role %s, zone %+v", u.EffectiveRole(), u.Zones[0])
	}

	// Becoming an Administrator drops explicit zones; giving them is an error.
	if err := (wolfden.UserChange{Role: ptr(string(wolfden.RoleAdministrator)), Zones: member}).Apply(u, later); wolfden.CodeOf(err) != wolfden.EInvalid {
		t.Errorf("Administrator with zones: %v", err)
	}
	u.Role, u.Zones = wolfden.RoleUser, nil
	if err := (wolfden.UserChange{Zones: member}).Apply(u, later); err != nil {
		t.Fatal(err)
	}
	if err := (wolfden.UserChange{Role: ptr(string(wolfden.RoleAdministrator))}).Apply(u, later); err != nil || len(u.Zones) != 0 {
		t.Errorf("promotion to Administrator: zones %v, err %v", u.Zones, err)
	}
	if err := (wolfden.UserChange{Role: ptr("00000000-0000-0000-0000-00000000000A")}).Apply(u, later); err == nil {
		t.Error("a role id outside the table was accepted")
	}
}
