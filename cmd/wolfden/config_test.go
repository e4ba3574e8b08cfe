package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// A flag wins over the environment, which wins over the configuration
// file, which wins over the default.
func TestConfigFilePrecedence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "wolfden.env")
	if err := os.WriteFile(file, []byte(`# the lab's settings
WOLFDEN_RATE_LIMIT=5
WOLFDEN_JOURNAL=7
export WOLFDEN_ADDR="127.0.0.1:9999"
WOLFDEN_LOG_FORMAT=json
`), 0o600); err != nil {
		t.Fatal(err)
	}
	environ := map[string]string{"WOLFDEN_JOURNAL": "8", "WOLFDEN_ADDR": "127.0.0.1:9998"}
	for _, tt := range []struct {
		name string
		args []string
		env  map[string]string
	}{
		{"--config", []string{"--config", file, "--addr", "127.0.0.1:9997"}, environ},
		{"--config=", []string{"--config=" + file, "--addr", "127.0.0.1:9997"}, environ},
		{"WOLFDEN_CONFIG", []string{"--addr", "127.0.0.1:9997"}, map[string]string{"WOLFDEN_CONFIG": file, "WOLFDEN_JOURNAL": "8"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args, getenv, err := withConfigFile(tt.args, func(k string) string { return tt.env[k] })
			if err != nil {
				t.Fatal(err)
			}
			st, err := parseServeSettings(args, getenv)
			if err != nil {
				t.Fatal(err)
			}
			if st.rateLimit != 5 || st.journal != 8 || st.addr != "127.0.0.1:9997" || st.logFormat != "json" || st.authFailureBurst != 20 {
				t.Errorf("rate %v (file: 5), journal %d (env: 8), addr %s (flag), log %s (file), burst %d (default 20)",
					st.rateLimit, st.journal, st.addr, st.logFormat, st.authFailureBurst)
			}
		})
	}
}

func TestConfigFileErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.env")
	os.WriteFile(bad, []byte("WOLFDEN_DB=w.db\nWOLFDEN_RATELIMIT=5\n"), 0o600)
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"serve", "--config", bad}, []string{bad + ":2", "WOLFDEN_RATELIMIT"}},
		{[]string{"serve", "--config", filepath.Join(dir, "missing.env")}, []string{"missing.env", "--config"}},
		{[]string{"tenant", "list", "--config"}, []string{"--config needs a file"}},
	} {
		status, _, errOut := cli(t, nil, tt.args...)
		for _, want := range tt.want {
			if status != 1 || !strings.Contains(errOut, want) {
				t.Errorf("%v: exit %d, stderr %q; want exit 1 naming %q", tt.args, status, errOut, want)
			}
		}
	}
}

// Every setting the help documents may be in a configuration file, and
// every one a file may set is documented.
func TestSettingsDocumented(t *testing.T) {
	documented := regexp.MustCompile(`WOLFDEN_[A-Z_]+`).FindAllString(settingsHelp, -1)
	documented = slices.DeleteFunc(slices.Compact(slices.Sorted(slices.Values(documented))), func(s string) bool { return s == "WOLFDEN_CONFIG" })
	if names := slices.Sorted(slices.Values(settingNames)); !slices.Equal(documented, names) {
		t.Errorf("the help documents %v;\na configuration file takes %v", documented, names)
	}
}

func TestCommandHelp(t *testing.T) {
	for _, tt := range []struct {
		args      []string
		want, not []string
	}{
		{[]string{"serve", "-h"}, []string{"wolfden serve", "--tls-cert", "--credentials", "WOLFDEN_CONFIG", "--log-format"}, []string{"tenant create"}},
		{[]string{"help", "serve"}, []string{"wolfden serve", "WOLFDEN_RATE_LIMIT"}, []string{"wolfden token"}},
		{[]string{"tenant", "create", "-h"}, []string{"wolfden tenant create"}, []string{"wolfden serve", "WOLFDEN_RATE_LIMIT"}},
		{[]string{"seed", "--help"}, []string{"--detections", "--sightings"}, []string{"wolfden serve"}},
		{[]string{"help", "tenant"}, []string{"tenant create", "tenant list", "tenant credentials", "tenant delete"}, []string{"wolfden serve"}},
		{[]string{"help"}, []string{"wolfden serve", "wolfden version", "wolfden health", "wolfden help [COMMAND]"}, nil},
	} {
		status, out, errOut := cli(t, nil, tt.args...)
		if status != 0 || errOut != "" {
			t.Errorf("%v: exit %d, stderr %q", tt.args, status, errOut)
		}
		for _, want := range tt.want {
			if !strings.Contains(out, want) {
				t.Errorf("%v does not show %q", tt.args, want)
			}
		}
		for _, not := range tt.not {
			if strings.Contains(out, not) {
				t.Errorf("%v shows %q", tt.args, not)
			}
		}
	}
	// A group without its subcommand lists the subcommands.
	status, out, errOut := cli(t, nil, "tenant")
	if status != 2 || out != "" || !strings.Contains(errOut, "tenant list") || !strings.Contains(errOut, "tenant delete") {
		t.Errorf("wolfden tenant: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
}

// A bad setting stops serve before it opens anything, naming the flag or
// file it is about.
func TestServeSettingErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.pem")
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"--tls-cert", missing}, []string{"--tls-key"}},
		{[]string{"--tls-cert", missing, "--tls-key", missing}, []string{missing, "--tls-cert"}},
		{[]string{"--log-format", "xml"}, []string{"--log-format", "xml"}},
		{[]string{"--db", "file:w.db?mode=ro"}, []string{"--db", "file:w.db?mode=ro"}},
		{[]string{"--db", filepath.Join(dir, "no", "such", "w.db")}, []string{filepath.Join(dir, "no", "such", "w.db")}},
	} {
		status, _, errOut := cli(t, nil, append([]string{"serve", "--addr", "127.0.0.1:0"}, tt.args...)...)
		for _, want := range tt.want {
			if status != 1 || !strings.Contains(errOut, want) {
				t.Errorf("serve %v: exit %d, stderr %q; want exit 1 naming %q", tt.args, status, errOut, want)
			}
		}
	}
}

// --log-format json writes one JSON object a line.
func TestServeLogsJSON(t *testing.T) {
	srv := serveInProcess(t, nil, "--db", ":memory:", "--addr", "127.0.0.1:0", "--no-demo", "--log-format", "json")
	statusOf(t, srv.url, "", "/healthz")
	srv.stop(t)
	lines := strings.Split(strings.TrimSpace(srv.stderr), "\n")
	if len(lines) < 3 {
		t.Fatalf("log: %q", srv.stderr)
	}
	for _, line := range lines {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil || entry["msg"] == nil {
			t.Errorf("not a JSON log line (%v): %q", err, line)
		}
	}
}

// Metrics are on by default; WOLFDEN_METRICS=off or --metrics=false turns
// them off (the load tool's --metrics-off starts a server so).
func TestServeMetricsSwitch(t *testing.T) {
	for _, tt := range []struct {
		name    string
		environ map[string]string
		flags   []string
		want    int
	}{
		{"default", nil, nil, http.StatusOK},
		{"WOLFDEN_METRICS=off", map[string]string{"WOLFDEN_METRICS": "off"}, nil, http.StatusNotFound},
		{"--metrics=false", nil, []string{"--metrics=false"}, http.StatusNotFound},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveInProcess(t, tt.environ, append(tt.flags, "--db", ":memory:", "--addr", "127.0.0.1:0", "--no-demo")...)
			if got := statusOf(t, srv.url, "", "/metrics"); got != tt.want {
				t.Errorf("GET /metrics = %d, want %d", got, tt.want)
			}
		})
	}
	if status, _, errOut := cli(t, map[string]string{"WOLFDEN_METRICS": "maybe"}, "serve"); status != 1 || !strings.Contains(errOut, "WOLFDEN_METRICS") {
		t.Errorf("WOLFDEN_METRICS=maybe: exit %d, %q", status, errOut)
	}
}
