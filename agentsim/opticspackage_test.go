package agentsim_test

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
)

func TestPackageStatusAndExecutionOutcome(t *testing.T) {
	t0 := time.Date(2026, 5, 2, 10, 0, 0, 0, time.UTC)
	content := []byte("print(1)\n")
	timeout := 60
	newPackage := func() *agentsim.Package {
		p, err := agentsim.NewPackage(uuid.New(), agentsim.PackageRequest{Checksum: agentsim.HashesOf(content).SHA256, Timeout: &timeout,
			Descriptor: &agentsim.PackageDescriptor{Name: "x", Version: 1, PackageInfo: agentsim.PackageInfo{FileType: "Python"}}},
			wolfden.Modifier{}, t0)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := newPackage()
	if p.Status(t0.Add(59*time.Second)) != agentsim.PackageStarted || p.Status(t0.Add(60*time.Second)) != agentsim.PackageTimeout {
		t.Errorf("the timeout falls at 60 s")
	}
	if err := p.Receive(content, t0.Add(60*time.Second)); wolfden.CodeOf(err) != wolfden.EConflict {
		t.Errorf("an upload at the timeout: %v", err)
	}
	if err := p.Receive(content, t0.Add(10*time.Second)); err != nil {
		t.Fatal(err)
	}
	if p.Status(t0.Add(5*time.Second)) != agentsim.PackageStarted || p.Status(t0.Add(10*time.Second)) != agentsim.PackageSuccess {
		t.Errorf("the file counts from when it came")
	}
	if err := p.Receive(content, t0.Add(11*time.Second)); wolfden.CodeOf(err) != wolfden.EConflict {
		t.Errorf("a second upload: %v", err)
	}

	// Agents pick an execution up 2 s after it is issued and finish 8 s
	// later; a package uploaded after the pickup was not there to run.
	agents := agentsim.Schedule{Pickup: 2 * time.Second, Work: 8 * time.Second}
	offline := t0.Add(time.Second)
	for _, tt := range []struct {
		uploaded time.Duration
		want     agentsim.DeviceStatuses
	}{
		{time.Second, agentsim.DeviceStatuses{Acked: 2, Succeeded: 2}},
		{2 * time.Second, agentsim.DeviceStatuses{Acked: 2, Succeeded: 2}},
		{3 * time.Second, agentsim.DeviceStatuses{Acked: 2, Failed: 2}},
	} {
		pkg := newPackage()
		pkg.Receive(content, t0.Add(tt.uploaded))
		e := &agentsim.PackageExecution{Created: t0, Runs: []agentsim.PackageRun{{Package: pkg}}, Devices: []agentsim.ExecutionDevice{
			{ID: uuid.New()}, {ID: uuid.New()}, {ID: uuid.New(), Offline: &offline}, {ID: uuid.New(), Removed: true}}}
		if got := e.Statuses(agents, t0.Add(time.Hour)); got != tt.want {
			t.Errorf("uploaded after %s: %+v, want %+v", tt.uploaded, got, tt.want)
		}
		if got := e.Statuses(agents, t0.Add(5*time.Second)); got != (agentsim.DeviceStatuses{Acked: 2}) {
			t.Errorf("running: %+v", got)
		}
	}
}

func TestParseLockdownDuration(t *testing.T) {
	for in, want := range map[string]time.Duration{"0:00:05": 5 * time.Minute, "3:00:00": 72 * time.Hour, "1:23:59": 47*time.Hour + 59*time.Minute,
		" 0:01:30 ": 90 * time.Minute} {
		if got, err := agentsim.ParseLockdownDuration(in); err != nil || got != want {
			t.Errorf("%q = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0:00:04", "3:00:01", "2:24:00", "0:00:60", "0:5", "-1:00:00", "1h"} {
		if _, err := agentsim.ParseLockdownDuration(in); wolfden.CodeOf(err) != wolfden.EInvalid {
			t.Errorf("%q: %v, want a 400", in, err)
		}
	}
}
