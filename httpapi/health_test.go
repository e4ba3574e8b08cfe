package httpapi_test

import (
	"net/http"
	"runtime"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// The probes need no token, carry no tenant data, stay out of the
// journal, and /readyz follows the storage.
func TestProbes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken, journal: journal.New(100, 0)})
		tn := h.newTenant("probed")

		for _, tt := range []struct {
			path, status string
		}{
			{"/healthz", "ok"},
			{"/readyz", "ready"},
		} {
			if got := h.do(http.MethodGet, tt.path, "", nil).want(http.StatusOK).field("status"); got != tt.status {
				t.Errorf("GET %s: status %q, want %q", tt.path, got, tt.status)
			}
		}
		v := h.do(http.MethodGet, "/version", "", nil).want(http.StatusOK).json()
		if v["go_version"] != runtime.Version() || v["version"] == "" || v["platform"] != runtime.GOOS+"/"+runtime.GOARCH {
			t.Errorf("GET /version = %v", v)
		}
		h.do(http.MethodPost, "/healthz", "", nil).want(http.StatusNotImplemented)
		if entries, _ := h.journalOf(""); len(entries) != 0 {
			t.Errorf("the journal kept the probes: %s", lines(entries))
		}

		// Storage gone: the process is up, but not ready, and the answer
		// does not say what the database is.
		if err := h.store.Close(); err != nil {
			t.Fatal(err)
		}
		h.do(http.MethodGet, "/healthz", "", nil).want(http.StatusOK)
		res := h.do(http.MethodGet, "/readyz", "", nil).want(http.StatusServiceUnavailable)
		if res.field("status") != "unavailable" || res.field("request_id") != res.header.Get("X-Request-Id") {
			t.Errorf("GET /readyz with the storage closed: %s", res.body)
		}
		for _, leak := range []string{"postgres", "sqlite", "database is closed", tn.id.String()} {
			if strings.Contains(strings.ToLower(string(res.body)), leak) {
				t.Errorf("GET /readyz tells %q: %s", leak, res.body)
			}
		}
		if !strings.Contains(h.log.String(), "not ready: storage") {
			t.Errorf("the log does not say why: %s", h.log.String())
		}
	})
}

// With the control plane off, its paths are 404 and the answer says why.
func TestControlPlaneOffSaysWhy(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{})
	for _, path := range []string{"/control/v1/tenants", "/control"} {
		msg := h.do(http.MethodGet, path, adminToken, nil).want(http.StatusNotFound).field("message")
		if !strings.Contains(msg, "WOLFDEN_ADMIN_TOKEN") {
			t.Errorf("GET %s: %q does not say how to turn the control plane on", path, msg)
		}
	}
	if msg := h.do(http.MethodGet, "/nothing", "", nil).want(http.StatusNotFound).field("message"); strings.Contains(msg, "control") {
		t.Errorf("GET /nothing: %q", msg)
	}
}
