package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
)

// TestMain lets the tests run this binary as the wolfden command itself.
func TestMain(m *testing.M) {
	if os.Getenv("WOLFDEN_TEST_RUN_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// cli runs one command in-process with the given environment.
func cli(t *testing.T, environ map[string]string, args ...string) (status int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	status = run(context.Background(), args, &out, &errOut, func(k string) string { return environ[k] })
	return status, out.String(), errOut.String()
}

// decodeOne decodes stdout, which must hold exactly one JSON object with
// exactly the given members.
func decodeOne(t *testing.T, stdout string, members ...string) map[string]string {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(stdout))
	var obj map[string]string
	if err := dec.Decode(&obj); err != nil {
		t.Fatalf("stdout is not a JSON object: %v: %q", err, stdout)
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON value: %q", stdout)
	}
	if len(obj) != len(members) {
		t.Fatalf("stdout = %v, want exactly the members %v", obj, members)
	}
	for _, m := range members {
		if _, ok := wolfden.ParseID(obj[m]); !ok {
			t.Fatalf("%s = %q, want a GUID", m, obj[m])
		}
	}
	return obj
}

func countTenants(t *testing.T, db string) int {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n, err := s.CountTenants(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTenantCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	status, out, errOut := cli(t, nil, "tenant", "create", "--name", "Acme Corp", "--db", db)
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	decodeOne(t, out, "tenant_id", "app_id", "app_secret")

	status, out, errOut = cli(t, nil, "tenant", "create", "--name", "ACME corp", "--db", db)
	if status != 1 || out != "" || !strings.Contains(errOut, "already in use") {
		t.Fatalf("duplicate name: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if n := countTenants(t, db); n != 1 {
		t.Fatalf("%d tenants after a refused create, want 1", n)
	}

	for _, args := range [][]string{
		{"tenant", "create", "--db", db},
		{"tenant", "create", "--name", "  ", "--db", db},
		{"tenant", "create", "--name", "x", "--db", db, "stray"},
		{"tenant", "create", "--bogus", "--db", db},
	} {
		if status, _, errOut := cli(t, nil, args...); status == 0 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, status, errOut)
		}
	}
	if n := countTenants(t, db); n != 1 {
		t.Fatalf("%d tenants after refused commands, want 1", n)
	}
}

func TestAppCreate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	_, out, _ := cli(t, nil, "tenant", "create", "--name", "Acme", "--db", db)
	tenantID := decodeOne(t, out, "tenant_id", "app_id", "app_secret")["tenant_id"]

	status, out, errOut := cli(t, nil, "app", "create", "--tenant", tenantID, "--name", "reader", "--scopes", "user:read,user:list", "--db", db)
	if status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	app := decodeOne(t, out, "app_id", "app_secret")

	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	tid, _ := wolfden.ParseID(tenantID)
	aid, _ := wolfden.ParseID(app["app_id"])
	stored, err := s.ForTenant(tid).Application(context.Background(), aid)
	s.Close()
	if err != nil || stored.Secret != app["app_secret"] || len(stored.Scopes) != 2 {
		t.Fatalf("stored application %+v, %v", stored, err)
	}

	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"unknown scope", []string{"--tenant", tenantID, "--name", "x", "--scopes", "user:read,user:fly"}, "user:fly"},
		{"malformed tenant", []string{"--tenant", "acme", "--name", "x"}, "tenant"},
		{"unknown tenant", []string{"--tenant", "8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f", "--name", "x"}, "does not exist"},
		{"no name", []string{"--tenant", tenantID}, "name"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, out, errOut := cli(t, nil, append([]string{"app", "create", "--db", db}, tt.args...)...)
			if status != 1 || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 mentioning %q", status, out, errOut, tt.want)
			}
		})
	}
	// The first application and "reader" make two; eight more make ten,
	// the most a tenant may have.
	for i := range 8 {
		if status, _, errOut := cli(t, nil, "app", "create", "--tenant", tenantID, "--name", fmt.Sprint("app ", i), "--db", db); status != 0 {
			t.Fatalf("application %d of 10: exit %d, %s", i+3, status, errOut)
		}
	}
	if status, _, errOut := cli(t, nil, "app", "create", "--tenant", tenantID, "--name", "eleventh", "--db", db); status != 1 ||
		!strings.Contains(errOut, "the most a tenant may have") {
		t.Errorf("an eleventh application: exit %d, stderr %q; want exit 1", status, errOut)
	}
}

func TestDatabaseFromEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "from-env.db")
	if status, _, errOut := cli(t, map[string]string{"WOLFDEN_DB": db}, "tenant", "create", "--name", "Acme"); status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	if n := countTenants(t, db); n != 1 {
		t.Fatalf("WOLFDEN_DB was not used: %d tenants in it", n)
	}
	// A flag wins over the environment.
	flagDB := filepath.Join(t.TempDir(), "from-flag.db")
	cli(t, map[string]string{"WOLFDEN_DB": db}, "tenant", "create", "--name", "Other", "--db", flagDB)
	if countTenants(t, flagDB) != 1 || countTenants(t, db) != 1 {
		t.Fatal("--db did not win over WOLFDEN_DB")
	}
}

func TestHelp(t *testing.T) {
	status, out, _ := cli(t, nil, "help")
	if status != 0 {
		t.Fatalf("help exits %d", status)
	}
	for _, want := range []string{"serve", "tenant create", "app create", "key rotate", "token", "--db", "--addr",
		"--rate-limit", "--name", "--tenant", "--scopes", "seed", "--devices", "--threats", "--sightings", "--memory-events", "--seed", "--no-demo", "WOLFDEN_DB", "WOLFDEN_ADDR", "WOLFDEN_RATE_LIMIT", "WOLFDEN_ADMIN_TOKEN", "WOLFDEN_CALLBACK_ALLOWLIST",
		"--public-url", "WOLFDEN_PUBLIC_URL", "--auth-failure-rate", "WOLFDEN_AUTH_FAILURE_RATE", "--auth-failure-burst", "WOLFDEN_AUTH_FAILURE_BURST",
		"--journal", "WOLFDEN_JOURNAL", "--journal-body-limit", "WOLFDEN_JOURNAL_BODY_LIMIT"} {
		if !strings.Contains(out, want) {
			t.Errorf("help does not mention %s", want)
		}
	}
	if status, out, _ := cli(t, nil, "tenant", "create", "-h"); status != 0 || !strings.Contains(out, "tenant create") {
		t.Errorf("tenant create -h: exit %d, stdout %q", status, out)
	}
	if status, _, errOut := cli(t, nil, "frobnicate"); status != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("unknown command: exit %d, stderr %q", status, errOut)
	}
	if status, _, errOut := cli(t, map[string]string{"WOLFDEN_RATE_LIMIT": "fast"}, "serve"); status != 1 || !strings.Contains(errOut, "WOLFDEN_RATE_LIMIT") {
		t.Errorf("bad WOLFDEN_RATE_LIMIT: exit %d, stderr %q", status, errOut)
	}
}

func TestSeedCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	_, out, _ := cli(t, nil, "tenant", "create", "--name", "Lab", "--db", db)
	tenantID := decodeOne(t, out, "tenant_id", "app_id", "app_secret")["tenant_id"]
	status, out, errOut := cli(t, nil, "seed", "--tenant", tenantID, "--devices", "50", "--threats", "20",
		"--memory-events", "5", "--seed", "9", "--db", db)
	if status != 0 || !strings.Contains(out, "50 devices, 20 threats (found 80 times), 5 memory events") {
		t.Fatalf("seed: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	status, out, errOut = cli(t, nil, "seed", "--tenant", tenantID, "--devices", "5", "--threats", "3", "--sightings", "7",
		"--seed", "10", "--db", db)
	if status != 0 || !strings.Contains(out, "5 devices, 3 threats (found 7 times)") {
		t.Fatalf("seed --sightings: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if errOut != "" {
		t.Errorf("no terminal, yet stderr has %q", errOut)
	}
	if status, out, errOut := cli(t, nil, "seed", "--tenant", "LAB", "--devices", "2", "--seed", "12", "--db", db); status != 0 ||
		!strings.Contains(out, "2 devices") {
		t.Fatalf("seed by name: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--tenant", "8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f", "--devices", "1"}, "not found"},
		{[]string{"--tenant", "nobody", "--devices", "1"}, "no tenant is named"},
		{[]string{"--devices", "1"}, "--tenant is required"},
		{[]string{"--tenant", tenantID, "--threats", "3"}, "devices"},
		{[]string{"--tenant", tenantID, "--devices", "-1"}, "negative"},
		{[]string{"--tenant", tenantID, "--devices", "1", "--threats", "3", "--sightings", "2", "--seed", "11"}, "sightings"},
	} {
		status, _, errOut := cli(t, nil, append([]string{"seed", "--db", db}, tt.args...)...)
		if status != 1 || !strings.Contains(errOut, tt.want) {
			t.Errorf("seed %v: exit %d, stderr %q; want exit 1 mentioning %q", tt.args, status, errOut, tt.want)
		}
	}
}

func TestTenantAdminCommands(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	_, out, _ := cli(t, nil, "tenant", "create", "--name", "Lab", "--db", db)
	lab := decodeOne(t, out, "tenant_id", "app_id", "app_secret")
	_, out, _ = cli(t, nil, "tenant", "create", "--name", "Annex", "--db", db)
	annex := decodeOne(t, out, "tenant_id", "app_id", "app_secret")

	status, out, errOut := cli(t, nil, "tenant", "list", "--db", db)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if status != 0 || len(lines) != 3 || !strings.HasPrefix(lines[1], annex["tenant_id"]+"  Annex") ||
		!strings.HasPrefix(lines[2], lab["tenant_id"]+"  Lab") {
		t.Fatalf("tenant list: exit %d, stdout %q, stderr %q; want a header, then Annex and Lab", status, out, errOut)
	}

	for _, ref := range []string{"lab", lab["tenant_id"]} {
		status, out, errOut := cli(t, nil, "tenant", "credentials", ref, "--db", db)
		if got := decodeOne(t, out, "tenant_id", "app_id", "app_secret"); status != 0 || !maps.Equal(got, lab) {
			t.Errorf("tenant credentials %s: exit %d, %v, stderr %q; want %v", ref, status, got, errOut, lab)
		}
	}

	if status, out, errOut := cli(t, nil, "tenant", "delete", "--db", db, "LAB"); status != 0 || !strings.Contains(out, "deleted tenant") {
		t.Fatalf("tenant delete: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if n := countTenants(t, db); n != 1 {
		t.Fatalf("%d tenants after deleting one of two", n)
	}
	for _, args := range [][]string{
		{"tenant", "delete", "lab", "--db", db},
		{"tenant", "credentials", "lab", "--db", db},
		{"tenant", "credentials", "--db", db},
		{"tenant", "delete", "--db", db},
		{"tenant", "delete", "annex", "stray", "--db", db},
		{"tenant", "list", "stray", "--db", db},
	} {
		if status, _, errOut := cli(t, nil, args...); status != 1 || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q; want exit 1 with a message", args, status, errOut)
		}
	}
	if n := countTenants(t, db); n != 1 {
		t.Fatalf("%d tenants after refused commands, want Annex alone", n)
	}
}
