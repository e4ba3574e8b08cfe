package main

import (
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

func TestVersionCommand(t *testing.T) {
	for _, args := range [][]string{{"version"}, {"--version"}} {
		status, out, _ := cli(t, nil, args...)
		if status != 0 || !strings.HasPrefix(out, "wolfden ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("%v: exit %d, %q", args, status, out)
		}
	}
	status, out, _ := cli(t, nil, "version", "--json")
	var info map[string]any
	if err := json.Unmarshal([]byte(out), &info); status != 0 || err != nil || info["go_version"] != runtime.Version() {
		t.Errorf("version --json: exit %d, %q (%v)", status, out, err)
	}
}

// wolfden health exits 0 for a ready server and 1, naming the URL, for
// none.
func TestHealthCommand(t *testing.T) {
	srv := serveInProcess(t, nil, "--db", ":memory:", "--addr", "127.0.0.1:0", "--no-demo")
	addr := strings.TrimPrefix(srv.url, "http://")
	for _, args := range [][]string{{"--url", srv.url}, {"--addr", addr}} {
		if status, out, errOut := cli(t, nil, append([]string{"health"}, args...)...); status != 0 || !strings.Contains(out, "ready") {
			t.Errorf("health %v: exit %d, %q %q", args, status, out, errOut)
		}
	}
	if status, _, errOut := cli(t, map[string]string{"WOLFDEN_ADDR": addr}, "health"); status != 0 {
		t.Errorf("health with WOLFDEN_ADDR: exit %d, %q", status, errOut)
	}
	srv.stop(t)
	if status, _, errOut := cli(t, nil, "health", "--addr", addr); status != 1 || !strings.Contains(errOut, addr+"/readyz") {
		t.Errorf("health of a stopped server: exit %d, %q", status, errOut)
	}
}

func TestOpenAPICommand(t *testing.T) {
	status, out, _ := cli(t, nil, "openapi", "--server", "http://lab:8080")
	var doc map[string]any
	if err := json.Unmarshal([]byte(out), &doc); status != 0 || err != nil || doc["openapi"] != "3.1.0" ||
		!strings.Contains(out, `"url": "http://lab:8080"`) {
		t.Errorf("openapi: exit %d, %v", status, err)
	}
	if status, out, _ := cli(t, nil, "openapi", "--yaml"); status != 0 || !strings.HasPrefix(out, "openapi: 3.1.0") && !strings.Contains(out, "\nopenapi: 3.1.0") {
		t.Errorf("openapi --yaml: exit %d, %.80q", status, out)
	}
}
