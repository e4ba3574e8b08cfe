package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/store"
)

// surveyDevice returns a device on osVersion in zone.
func surveyDevice(t *testing.T, tenantID uuid.UUID, host, osVersion string, zone uuid.UUID) *wolfden.Device {
	t.Helper()
	d := newDevice(t, tenantID, host, nil, t0)
	d.OSVersion, d.Zones = osVersion, []wolfden.Zone{{ID: zone}}
	return d
}

func newInstaQuery(t *testing.T, tenantID uuid.UUID, req agentsim.InstaQueryRequest, at time.Time) *agentsim.InstaQuery {
	t.Helper()
	q, err := agentsim.NewInstaQuery(tenantID, req, at)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func queryIDs(t *testing.T, ts store.TenantStore, filter agentsim.InstaQueryFilter, page wolfden.PageRequest) ([]uuid.UUID, int) {
	t.Helper()
	got, err := ts.InstaQueries(ctx, filter, page)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]uuid.UUID, len(got.Items))
	for i, q := range got.Items {
		ids[i] = q.ID
	}
	return ids, got.Total
}

func testInstaQueries(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	finance, servers := newZone(t, a.ID, "Finance", wolfden.DefaultPolicyID), newZone(t, a.ID, "Servers", wolfden.DefaultPolicyID)
	foreign := newZone(t, b.ID, "Theirs", wolfden.DefaultPolicyID)
	laptop := surveyDevice(t, a.ID, "fin-01", "Microsoft Windows 11 Pro", finance.ID)
	server := surveyDevice(t, a.ID, "srv-01", "Ubuntu 22.04", finance.ID)
	server.SetState(wolfden.Offline, t0)
	spare := surveyDevice(t, a.ID, "spare", "Microsoft Windows 11 Pro", servers.ID)
	for _, err := range []error{ts.CreateZone(ctx, finance), ts.CreateZone(ctx, servers), other.CreateZone(ctx, foreign),
		ts.CreateDevices(ctx, laptop, server, spare)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	req := agentsim.InstaQueryRequest{Name: "Find dumper.exe", Description: "Hunt", Artifact: "File", MatchValueType: "SHA256",
		MatchValues: []string{"dumper.exe"}, Zones: []string{wolfden.OpticsID(finance.ID)},
		Filters:   []agentsim.QueryFilter{{Aspect: "OS", Value: "Windows"}},
		Relations: []agentsim.QueryRelation{{Object: "/focus/5E6F7A8B9C0D4E1F8A2B3C4D5E6F7A8B", Relationship: "originated-from"}}}
	windows := newInstaQuery(t, a.ID, req, t0)
	if err := ts.CreateInstaQuery(ctx, windows); err != nil {
		t.Fatal(err)
	}
	if len(windows.Targets) != 1 || windows.Targets[0].DeviceID != laptop.ID {
		t.Fatalf("targets of the Windows query: %+v", windows.Targets)
	}
	got, err := ts.InstaQuery(ctx, windows.ID)
	if err != nil || got.Name != req.Name || got.MatchValueType != "SHA256" || !slices.Equal(got.MatchValues, req.MatchValues) ||
		!slices.Equal(got.Zones, []uuid.UUID{finance.ID}) || !slices.Equal(got.Filters, req.Filters) ||
		!slices.Equal(got.Relations, req.Relations) || !got.Created.Equal(t0.Truncate(time.Microsecond)) || got.Archived != nil ||
		len(got.Targets) != 1 || got.Targets[0] != (agentsim.CommandTarget{DeviceID: laptop.ID}) {
		t.Fatalf("InstaQuery = %+v, %v", got, err)
	}
	_, err = other.InstaQuery(ctx, windows.ID)
	wantCode(t, err, wolfden.ENotFound)

	// Every device of the zones, offline ones included.
	req.Name, req.Filters, req.Relations = "All", nil, nil
	all := newInstaQuery(t, a.ID, req, t0.Add(time.Second))
	if err := ts.CreateInstaQuery(ctx, all); err != nil {
		t.Fatal(err)
	}
	got, _ = ts.InstaQuery(ctx, all.ID)
	offline := slices.IndexFunc(got.Targets, func(c agentsim.CommandTarget) bool { return c.DeviceID == server.ID })
	if len(got.Targets) != 2 || offline < 0 || got.Targets[offline].Offline == nil || !got.Targets[offline].Offline.Equal(t0.Truncate(time.Microsecond)) {
		t.Fatalf("targets %+v", got.Targets)
	}

	// An unknown zone, or another tenant's, is named and stores nothing.
	for _, zones := range [][]string{{finance.ID.String(), uuid.NewString()}, {finance.ID.String(), foreign.ID.String()}} {
		req.Zones = zones
		err := ts.CreateInstaQuery(ctx, newInstaQuery(t, a.ID, req, t0))
		var e *wolfden.Error
		if !errors.As(err, &e) || e.Code != wolfden.ENotFound || e.Field != "zones[1]" {
			t.Fatalf("unknown zone: %v", err)
		}
	}
	page := wolfden.PageRequest{Number: 1, Size: 10}
	if ids, total := queryIDs(t, ts, agentsim.InstaQueryFilter{}, page); total != 2 || !slices.Equal(ids, []uuid.UUID{all.ID, windows.ID}) {
		t.Fatalf("list %v (%d)", ids, total)
	}
	if _, total := queryIDs(t, other, agentsim.InstaQueryFilter{}, page); total != 0 {
		t.Fatalf("another tenant lists %d queries", total)
	}

	// Archiving keeps the first time; filters combine.
	wantCode(t, ts.ArchiveInstaQuery(ctx, uuid.New(), t0), wolfden.ENotFound)
	wantCode(t, other.ArchiveInstaQuery(ctx, windows.ID, t0), wolfden.ENotFound)
	t1 := t0.Add(time.Hour)
	for _, at := range []time.Time{t1, t1.Add(time.Hour)} {
		if err := ts.ArchiveInstaQuery(ctx, windows.ID, at); err != nil {
			t.Fatal(err)
		}
	}
	if got, _ := ts.InstaQuery(ctx, windows.ID); got.Archived == nil || !got.Archived.Equal(t1.Truncate(time.Microsecond)) {
		t.Fatalf("archived %v, want %v", got.Archived, t1)
	}
	yes, no := true, false
	for _, tt := range []struct {
		filter agentsim.InstaQueryFilter
		want   []uuid.UUID
	}{
		{agentsim.InstaQueryFilter{Archived: &no}, []uuid.UUID{all.ID}},
		{agentsim.InstaQueryFilter{Archived: &yes}, []uuid.UUID{windows.ID}},
		{agentsim.InstaQueryFilter{Search: "DUMPER"}, []uuid.UUID{all.ID, windows.ID}},
		{agentsim.InstaQueryFilter{Search: "find", Archived: &no}, []uuid.UUID{}},
		{agentsim.InstaQueryFilter{OriginatedFrom: "/FOCUS/5e6f7a8b9c0d4e1f8a2b3c4d5e6f7a8b"}, []uuid.UUID{windows.ID}},
		{agentsim.InstaQueryFilter{OriginatedFrom: "/focus/5E6F"}, []uuid.UUID{}},
	} {
		if ids, _ := queryIDs(t, ts, tt.filter, page); !slices.Equal(ids, tt.want) {
			t.Errorf("%+v: %v, want %v", tt.filter, ids, tt.want)
		}
	}
	if ids, total := queryIDs(t, ts, agentsim.InstaQueryFilter{}, wolfden.PageRequest{Number: 2, Size: 1}); total != 2 ||
		!slices.Equal(ids, []uuid.UUID{windows.ID}) {
		t.Fatalf("page 2: %v (%d)", ids, total)
	}

	// Deleted devices stay targets that will never answer.
	if err := ts.ResetAgentData(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ = ts.InstaQuery(ctx, all.ID)
	if len(got.Targets) != 2 || !got.Targets[0].Gone || !got.Targets[1].Gone {
		t.Fatalf("targets after the devices went: %+v", got.Targets)
	}
}

func testFocusViews(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	laptop, server := newDevice(t, a.ID, "fin-01", nil, t0), newDevice(t, a.ID, "srv-01", nil, t0)
	if err := ts.CreateDevices(ctx, laptop, server); err != nil {
		t.Fatal(err)
	}
	view := func(device uuid.UUID, value, description string, at time.Time) *agentsim.FocusView {
		t.Helper()
		v, err := agentsim.NewFocusView(a.ID, agentsim.FocusViewRequest{DeviceID: wolfden.OpticsID(device), ArtifactType: "Process",
			ArtifactSubtype: "Uid", Value: value, Description: description}, at)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	mshta := view(laptop.ID, "ehw+W50vSmyOCx0/WnyeGw==", "Trace mshta", t0)
	onServer := view(server.ID, "7A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B", "", t0.Add(time.Second))
	for _, v := range []*agentsim.FocusView{mshta, onServer} {
		if err := ts.CreateFocusView(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := ts.FocusView(ctx, mshta.ID)
	if err != nil || got.DeviceID != laptop.ID || got.ArtifactType != "Process" || got.ArtifactSubtype != "Uid" ||
		got.Value != mshta.Value || got.Description != "Trace mshta" || !got.Created.Equal(t0.Truncate(time.Microsecond)) ||
		got.DeviceOffline != nil {
		t.Fatalf("FocusView = %+v, %v", got, err)
	}
	_, err = other.FocusView(ctx, mshta.ID)
	wantCode(t, err, wolfden.ENotFound)
	t1 := t0.Add(time.Minute)
	if _, err := ts.UpdateDevice(ctx, laptop.ID, func(d *wolfden.Device) error { d.SetState(wolfden.Offline, t1); return nil }); err != nil {
		t.Fatal(err)
	}
	if got, _ := ts.FocusView(ctx, mshta.ID); got.DeviceOffline == nil || !got.DeviceOffline.Equal(t1.Truncate(time.Microsecond)) {
		t.Fatalf("the view does not follow its device: %+v", got)
	}

	// A device that does not exist, or is another tenant's, is named.
	for _, store := range []store.TenantStore{ts, other} {
		v := view(uuid.New(), "x", "", t0)
		if store == other {
			v = view(laptop.ID, "x", "", t0)
			v.TenantID = b.ID
		}
		var e *wolfden.Error
		if err := store.CreateFocusView(ctx, v); !errors.As(err, &e) || e.Code != wolfden.ENotFound || e.Field != "device_id" {
			t.Fatalf("unknown device: %v", err)
		}
	}

	page := wolfden.PageRequest{Number: 1, Size: 10}
	for _, tt := range []struct {
		search string
		want   []uuid.UUID
	}{
		{"", []uuid.UUID{onServer.ID, mshta.ID}},
		{"MSHTA", []uuid.UUID{mshta.ID}},
		{"process", []uuid.UUID{onServer.ID, mshta.ID}},
		{"%", []uuid.UUID{}},
	} {
		views, err := ts.FocusViews(ctx, tt.search, page)
		ids := []uuid.UUID{}
		for _, v := range views.Items {
			ids = append(ids, v.ID)
		}
		if err != nil || !slices.Equal(ids, tt.want) || views.Total != len(tt.want) {
			t.Errorf("FocusViews(%q) = %v (%d), %v; want %v", tt.search, ids, views.Total, err, tt.want)
		}
	}
	if views, _ := other.FocusViews(ctx, "", page); views.Total != 0 {
		t.Fatalf("another tenant lists %d views", views.Total)
	}

	// Both views name the same artifact, on different devices.
	key := agentsim.ArtifactKey("7a1c3e5b9d2f4a6c8e0b1d3f5a7c9e1b")
	for _, tt := range []struct {
		store store.TenantStore
		refs  []agentsim.FocusRef
		want  []uuid.UUID
	}{
		{ts, []agentsim.FocusRef{{DeviceID: laptop.ID, Key: key}}, []uuid.UUID{mshta.ID}},
		{ts, []agentsim.FocusRef{{DeviceID: laptop.ID, Key: key}, {DeviceID: server.ID, Key: key}}, []uuid.UUID{onServer.ID, mshta.ID}},
		{ts, []agentsim.FocusRef{{DeviceID: server.ID, Key: "other"}}, []uuid.UUID{}},
		{ts, nil, []uuid.UUID{}},
		{other, []agentsim.FocusRef{{DeviceID: laptop.ID, Key: key}}, []uuid.UUID{}},
	} {
		views, err := tt.store.FindFocusViews(ctx, tt.refs)
		ids := []uuid.UUID{}
		for _, v := range views {
			ids = append(ids, v.ID)
		}
		if err != nil || !slices.Equal(ids, tt.want) {
			t.Errorf("FindFocusViews(%v) = %v, %v; want %v", tt.refs, ids, err, tt.want)
		}
	}

	// A view goes with its device.
	if err := ts.ResetAgentData(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = ts.FocusView(ctx, mshta.ID)
	wantCode(t, err, wolfden.ENotFound)
}
