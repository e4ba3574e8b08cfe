package storetest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/store"
)

// createDevice stores a new device of tenantID.
func createDevice(t *testing.T, ts store.TenantStore, host string) *wolfden.Device {
	t.Helper()
	d := newDevice(t, ts.TenantID(), host, nil, t0)
	if err := ts.CreateDevices(ctx, d); err != nil {
		t.Fatal(err)
	}
	return d
}

func testLockdowns(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	d := createDevice(t, ts, "fin-01")
	st, err := ts.Lockdown(ctx, d.ID)
	if err != nil || st.Current != nil || len(st.History) != 0 {
		t.Fatalf("never locked: %+v, %v", st, err)
	}
	_, err = other.Lockdown(ctx, d.ID)
	wantCode(t, err, wolfden.ENotFound)
	_, err = other.UpdateLockdown(ctx, d.ID, func(*agentsim.LockdownState) error { return nil })
	wantCode(t, err, wolfden.ENotFound)

	by := uuid.New()
	lock := func(at time.Time) error {
		_, err := ts.UpdateLockdown(ctx, d.ID, func(st *agentsim.LockdownState) error {
			return st.Lock(agentsim.LockdownRequest{Duration: time.Hour}, by, at)
		})
		return err
	}
	if err := lock(t0); err != nil {
		t.Fatal(err)
	}
	wantCode(t, lock(t0.Add(time.Minute)), wolfden.EConflict) // refused: nothing written
	if _, err := ts.UpdateLockdown(ctx, d.ID, func(st *agentsim.LockdownState) error {
		return st.Unlock(by, t0.Add(10*time.Minute))
	}); err != nil {
		t.Fatal(err)
	}
	if err := lock(t0.Add(20 * time.Minute)); err != nil {
		t.Fatal(err)
	}
	st, err = ts.Lockdown(ctx, d.ID)
	if err != nil || st.Current == nil || !st.Current.Initiated.Equal(t0.Add(20*time.Minute)) ||
		!st.Current.Expires.Equal(t0.Add(80*time.Minute)) || st.Current.ConfigID != 1 || st.Current.Password == "" {
		t.Fatalf("after relocking: %+v, %v", st, err)
	}
	var commands []string
	for _, e := range st.History {
		if e.UserID != by {
			t.Errorf("history entry %+v is not by %s", e, by)
		}
		commands = append(commands, e.Command)
	}
	if strings.Join(commands, ",") != "lockdown,unlock,lockdown" || !st.History[1].At.Equal(t0.Add(10*time.Minute)) {
		t.Fatalf("history %+v", st.History)
	}

	// The lockdown goes with its device.
	if err := ts.ResetAgentData(ctx); err != nil {
		t.Fatal(err)
	}
	_, err = ts.Lockdown(ctx, d.ID)
	wantCode(t, err, wolfden.ENotFound)
}

func testFileRetrievals(t *testing.T, s store.Store) {
	a, _ := NewTenant(t, s, "A")
	b, _ := NewTenant(t, s, "B")
	ts, other := s.ForTenant(a.ID), s.ForTenant(b.ID)
	win, lin := createDevice(t, ts, "FIN-LT-0042"), createDevice(t, ts, "db-01")
	by := wolfden.Modifier{ID: uuid.New(), Login: "soar"}
	request := func(ts store.TenantStore, d *wolfden.Device, path string, at time.Time, reuse bool) *agentsim.FileRetrieval {
		t.Helper()
		f, err := agentsim.NewFileRetrieval(ts.TenantID(), d.ID, path, by, at)
		if err != nil {
			t.Fatal(err)
		}
		got, err := ts.RequestFileRetrieval(ctx, f, func(*agentsim.FileRetrieval) bool { return reuse })
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	invoice := `C:\Users\jo\invoice.exe`
	first := request(ts, win, invoice, t0, false)
	if first.Device.HostName != "FIN-LT-0042" || first.Device.OSVersion == "" || first.Device.Threat != nil ||
		first.RequestedBy != by || !first.Created.Equal(t0) {
		t.Fatalf("stored %+v", first)
	}
	if again := request(ts, win, invoice, t0.Add(time.Second), true); again.ID != first.ID {
		t.Fatalf("reuse stored a new retrieval %s", again.ID)
	}
	second := request(ts, win, invoice, t0.Add(time.Minute), false)
	if latest, err := ts.LatestFileRetrieval(ctx, win.ID, invoice); err != nil || latest.ID != second.ID {
		t.Fatalf("latest = %+v, %v; want %s", latest, err, second.ID)
	}
	_, err := ts.LatestFileRetrieval(ctx, win.ID, strings.ToUpper(invoice)) // the path as requested
	wantCode(t, err, wolfden.ENotFound)
	_, err = ts.LatestFileRetrieval(ctx, lin.ID, invoice)
	wantCode(t, err, wolfden.ENotFound)
	_, err = other.FileRetrieval(ctx, first.ID)
	wantCode(t, err, wolfden.ENotFound)
	foreign, _ := agentsim.NewFileRetrieval(b.ID, win.ID, invoice, by, t0)
	_, err = other.RequestFileRetrieval(ctx, foreign, func(*agentsim.FileRetrieval) bool { return false })
	wantCode(t, err, wolfden.ENotFound)

	// The threat the device last reported at the path, with the global
	// quarantine list applied.
	sha := strings.Repeat("ab", 32)
	report(t, ts, win.ID, sha, invoice, t0)
	if got, err := ts.FileRetrieval(ctx, first.ID); err != nil || got.Device.Threat == nil || *got.Device.Threat != wolfden.FileDefault {
		t.Fatalf("with a threat at the path: %+v, %v", got, err)
	}
	if err := ts.AddToGlobalList(ctx, &wolfden.GlobalListEntry{SHA256: strings.ToUpper(sha), ListType: wolfden.GlobalQuarantine,
		Reason: "x", Added: t0}); err != nil {
		t.Fatal(err)
	}
	if got, _ := ts.FileRetrieval(ctx, first.ID); got.Device.Threat == nil || *got.Device.Threat != wolfden.FileQuarantined {
		t.Fatalf("globally quarantined threat: %+v", got.Device.Threat)
	}

	// History: search, order, pages.
	request(ts, lin, "/var/log/Syslog_1", t0.Add(2*time.Minute), false)
	request(ts, lin, "/etc/passwd", t0.Add(3*time.Minute), false)
	list := func(search string, order wolfden.SortOrder) []string {
		t.Helper()
		page, err := ts.FileRetrievals(ctx, search, order, wolfden.PageRequest{Number: 1, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if page.Total != len(page.Items) {
			t.Fatalf("total %d for %d items", page.Total, len(page.Items))
		}
		paths := make([]string, len(page.Items))
		for i, f := range page.Items {
			paths[i] = f.FilePath
		}
		return paths
	}
	newest := wolfden.SortOrder{Key: "created_at", Desc: true}
	for _, tt := range []struct {
		search string
		order  wolfden.SortOrder
		want   string
	}{
		{"", newest, `/etc/passwd,/var/log/Syslog_1,` + invoice + `,` + invoice},
		{"SYSLOG", newest, "/var/log/Syslog_1"},
		{"fin-lt", newest, invoice + "," + invoice},
		{"g_1", newest, "/var/log/Syslog_1"}, // _ is literal
		{"%", newest, ""},
		{"/", wolfden.SortOrder{Key: "filepath"}, "/etc/passwd,/var/log/Syslog_1"},
		{"", wolfden.SortOrder{Key: "hostname", Desc: true}, invoice + "," + invoice + ",/etc/passwd,/var/log/Syslog_1"},
	} {
		if got := strings.Join(list(tt.search, tt.order), ","); got != tt.want {
			t.Errorf("search %q by %+v: %s, want %s", tt.search, tt.order, got, tt.want)
		}
	}
	for _, field := range agentsim.FileRetrievalSortFields {
		if _, err := ts.FileRetrievals(ctx, "", wolfden.SortOrder{Key: field}, wolfden.PageRequest{Number: 1, Size: 1}); err != nil {
			t.Errorf("sort by %s: %v", field, err)
		}
	}
	_, err = ts.FileRetrievals(ctx, "", wolfden.SortOrder{Key: "password"}, wolfden.PageRequest{Number: 1, Size: 1})
	wantCode(t, err, wolfden.EInvalid)
	if page, _ := ts.FileRetrievals(ctx, "", newest, wolfden.PageRequest{Number: 2, Size: 3}); page.Total != 4 || len(page.Items) != 1 {
		t.Errorf("page 2: %+v", page)
	}
	if page, _ := other.FileRetrievals(ctx, "", newest, wolfden.PageRequest{Number: 1, Size: 10}); page.Total != 0 {
		t.Errorf("another tenant sees %d retrievals", page.Total)
	}
}
