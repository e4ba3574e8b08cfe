package wolfden_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

func TestParseMAC(t *testing.T) {
	for _, in := range []string{"00-1A-2B-3C-4D-5E", "00:1a:2b:3c:4d:5e", "001a2b3c4d5e", " 00-1a-2B-3c-4D-5e "} {
		if got, ok := wolfden.ParseMAC(in); !ok || got != "00-1A-2B-3C-4D-5E" {
			t.Errorf("ParseMAC(%q) = %q, %v", in, got, ok)
		}
	}
	for _, bad := range []string{"", "00-1A-2B-3C-4D", "00-1A-2B-3C-4D-5G", "00-1A-2B-3C-4D-5E-6F"} {
		if _, ok := wolfden.ParseMAC(bad); ok {
			t.Errorf("ParseMAC(%q) accepted", bad)
		}
	}
}

func TestNewDevice(t *testing.T) {
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	d, err := wolfden.NewDevice(uuid.New(), wolfden.DeviceRegistration{
		HostName: "fin-lt-0042.corp.example.org", IPAddresses: []string{"10.20.30.41", "fe80::1"},
		MACAddresses: []string{"00:1a:2b:3c:4d:5e"},
	}, now)
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != d.HostName || d.State != wolfden.Online || d.Offline != nil || d.Policy.ID != wolfden.DefaultPolicyID ||
		d.MACAddresses[0] != "00-1A-2B-3C-4D-5E" || len(d.IPAddresses) != 2 {
		t.Errorf("NewDevice = %+v", d)
	}
	later := now.Add(time.Hour)
	d.SetState(wolfden.Offline, later)
	if d.State != wolfden.Offline || d.Offline == nil || !d.Offline.Equal(later) {
		t.Errorf("offline: %+v", d)
	}
	d.SetState(wolfden.Offline, later.Add(time.Hour)) // no change: keeps the first time
	if !d.Offline.Equal(later) {
		t.Errorf("a repeated Offline moved date_offline to %v", d.Offline)
	}
	d.SetState(wolfden.Online, later)
	if d.Offline != nil {
		t.Error("online device keeps a date_offline")
	}
	for field, reg := range map[string]wolfden.DeviceRegistration{
		"host_name":        {},
		"state":            {HostName: "h", State: "Asleep"},
		"ip_addresses[1]":  {HostName: "h", IPAddresses: []string{"10.0.0.1", "10.0.0"}},
		"mac_addresses[0]": {HostName: "h", MACAddresses: []string{"zz"}},
	} {
		_, err := wolfden.NewDevice(uuid.New(), reg, now)
		if e, ok := err.(*wolfden.Error); !ok || e.Field != field {
			t.Errorf("registration %+v: %v, want an error on %s", reg, err, field)
		}
	}
}
