package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/bench"
)

// TestBenchSmoke runs the load tool for a moment on tiny tenants, with this
// test binary playing the servers (see TestMain). It checks that every
// scenario ran on every server without a failure; it asserts no timing.
func TestBenchSmoke(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	t.Setenv("WOLFDEN_TEST_RUN_MAIN", "1") // for the servers it starts
	out := filepath.Join(t.TempDir(), "report.json")
	args := []string{"bench", "--devices", "450", "--threats", "40", "--scale-small", "20", "--scale-large", "250",
		"--connections", "2", "--duration", "150ms", "--max-requests", "40", "--json", out}
	servers := []string{"bare", "sqlite"}
	if pg := os.Getenv("WOLFDEN_TEST_POSTGRES"); pg != "" {
		args = append(args, "--postgres", pg)
		servers = append(servers, "postgres")
	}
	status, stdout, stderr := cli(t, nil, args...)
	if status != 0 {
		t.Fatalf("status %d\nstdout:\n%s\nstderr:\n%s", status, stdout, stderr)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var report bench.Report
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	ran := map[string]bool{}
	for _, row := range report.Rows {
		ran[row.Scenario+" on "+row.Server] = true
		if row.Requests == 0 || row.Failures > 0 {
			t.Errorf("%s on %s: %d requests, %d failed (%s)", row.Scenario, row.Server, row.Requests, row.Failures, row.LastError)
		}
	}
	for _, server := range servers {
		for _, scenario := range []string{"token", "get-device", "list-first", "list-deep", "threats", "create-user", "update-device"} {
			if !ran[scenario+" on "+server] {
				t.Errorf("%s did not run on %s", scenario, server)
			}
		}
		if server == "bare" {
			continue
		}
		for _, scenario := range []string{"seed", "half-load", "scale-250 list-deep"} {
			if !ran[scenario+" on "+server] {
				t.Errorf("%s did not run on %s", scenario, server)
			}
		}
		if !ran["half-load on bare-at-"+server] {
			t.Errorf("no bare server at the half-load rate of %s", server)
		}
		for _, ceiling := range []string{"seed", "create-user", "update-device"} {
			if !ran[ceiling+" on "+server+"-driver"] {
				t.Errorf("no storage ceiling for %s on %s", ceiling, server)
			}
		}
	}
	if len(report.Checks) == 0 || !strings.Contains(stdout, "list-deep p50 / list-first p50") {
		t.Errorf("no targets checked:\n%s", stdout)
	}
}

// TestBenchProfiles checks that --profile writes a CPU profile of the
// server for a scenario and for the seeding.
func TestBenchProfiles(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	t.Setenv("WOLFDEN_TEST_RUN_MAIN", "1")
	dir := t.TempDir()
	status, stdout, stderr := cli(t, nil, "bench", "--only", "seed,get-device", "--devices", "300", "--threats", "0",
		"--scale-large", "0", "--connections", "2", "--duration", "150ms", "--max-requests", "40", "--profile", dir)
	if status != 0 {
		t.Fatalf("status %d\nstdout:\n%s\nstderr:\n%s", status, stdout, stderr)
	}
	for _, name := range []string{"sqlite-seed.pprof", "sqlite-get-device.pprof"} {
		if fi, err := os.Stat(filepath.Join(dir, name)); err != nil || fi.Size() == 0 {
			t.Errorf("%s: %v (size %v)", name, err, fi)
		}
	}
}

// TestBenchSeedOnly checks that seeding alone does not seed the tenant the
// other scenarios read.
func TestBenchSeedOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers")
	}
	t.Setenv("WOLFDEN_TEST_RUN_MAIN", "1")
	status, stdout, stderr := cli(t, nil, "bench", "--only", "seed", "--devices", "200", "--scale-large", "0")
	if status != 0 {
		t.Fatalf("status %d\nstdout:\n%s\nstderr:\n%s", status, stdout, stderr)
	}
	if strings.Contains(stdout+stderr, "scenario tenant") {
		t.Errorf("seeded the scenario tenant for seeding alone:\n%s%s", stdout, stderr)
	}
	if !strings.Contains(stdout, "seed rate / sqlite-driver") {
		t.Errorf("no seeding measured:\n%s", stdout)
	}
}
