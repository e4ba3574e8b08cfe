package wolfdentest_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wolfden/wolfden/server"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/wolfdentest"
)

// get answers the status and decoded body of a GET by the tenant.
func get(t *testing.T, srv *wolfdentest.Server, tn wolfdentest.Tenant, path string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, srv.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token(t, tn))
	resp, err := srv.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestServer(t *testing.T) {
	srv := wolfdentest.New(t, wolfdentest.WithDemoData())
	if status, page := get(t, srv, srv.Tenant, "/devices/v2"); status != 200 || page["total_number_of_items"] == 0.0 {
		t.Fatalf("the demo tenant's devices: %d, %v", status, page["total_number_of_items"])
	}

	lab := srv.NewTenant(t, "Lab")
	if status, page := get(t, srv, lab, "/devices/v2"); status != 200 || page["total_number_of_items"] != 0.0 {
		t.Fatalf("a new tenant's devices: %d, %v; want none", status, page["total_number_of_items"])
	}
	srv.Seed(t, lab, map[string]any{"devices": 7, "seed": 3})
	device := srv.RegisterDevice(t, lab, map[string]any{"name": "LAB-1", "host_name": "lab-1"})
	srv.ReportThreat(t, lab, device, map[string]any{"sha256": "0f3e8ac5b0e3f1d1ce8ad3ac8e40ec7ddc5c1f2a9c1e7e0d3b8f4e7a6c5d4b3a", "name": "x.exe", "file_path": `C:\x.exe`})
	if _, page := get(t, srv, lab, "/devices/v2"); page["total_number_of_items"] != 8.0 {
		t.Errorf("Lab has %v devices, want 8", page["total_number_of_items"])
	}
	if _, page := get(t, srv, lab, "/threats/v2"); page["total_number_of_items"] != 1.0 {
		t.Errorf("Lab has %v threats, want the one reported", page["total_number_of_items"])
	}

	srv.ResetTenant(t, lab, false)
	if _, page := get(t, srv, lab, "/devices/v2"); page["total_number_of_items"] != 0.0 {
		t.Errorf("Lab has %v devices after a reset", page["total_number_of_items"])
	}

	srv.AddFault(t, map[string]any{"path": "/users/v2", "status": 500, "times": 1})
	if status, _ := get(t, srv, srv.Tenant, "/users/v2"); status != 500 {
		t.Errorf("GET /users/v2 with a 500 rule: %d", status)
	}
	if status, _ := get(t, srv, srv.Tenant, "/users/v2"); status != 200 {
		t.Errorf("GET /users/v2 once the rule is spent: %d", status)
	}
}

// Two servers are separate: a tenant made on one is not on the other.
func TestServersAreSeparate(t *testing.T) {
	a, b := wolfdentest.New(t), wolfdentest.New(t)
	a.NewTenant(t, "Only on A")
	var onA, onB []map[string]any
	a.Control(t, http.MethodGet, "/tenants", nil, &onA)
	b.Control(t, http.MethodGet, "/tenants", nil, &onB)
	if len(onA) != 2 || len(onB) != 1 {
		t.Fatalf("A lists %d tenants, B %d; want 2 and 1", len(onA), len(onB))
	}
}

// WithRateLimit limits as a server's --rate-limit does: past the burst,
// 429 with Retry-After.
func TestRateLimit(t *testing.T) {
	srv := wolfdentest.New(t, wolfdentest.WithRateLimit(2)) // the token exchange takes one of the two
	token := srv.Token(t, srv.Tenant)
	var statuses []int
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/users/v2", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := srv.Client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		statuses = append(statuses, resp.StatusCode)
		if resp.StatusCode == 429 && resp.Header.Get("Retry-After") == "" {
			t.Error("a 429 without Retry-After")
		}
	}
	if statuses[0] != 200 || statuses[2] != 429 {
		t.Errorf("statuses %v at two requests a second, want 200 first and 429 by the third", statuses)
	}
}

// lockDown locks a device down for five minutes and answers the status.
func lockDown(t *testing.T, srv *wolfdentest.Server, device string) int {
	t.Helper()
	path := "/devicecommands/v2/" + device + "/lockdown?value=true&expires=0:00:05"
	resp, err := srv.Client.Do(srv.Request(t, http.MethodPut, path, nil))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// AdvanceClock ends a lockdown without waiting its five minutes: a device
// locked down can be locked again only once the lockdown has expired.
func TestAdvanceClock(t *testing.T) {
	srv := wolfdentest.New(t)
	device := srv.RegisterDevice(t, srv.Tenant, map[string]any{"name": "LAB-1", "host_name": "lab-1"})
	if status := lockDown(t, srv, device); status != 200 {
		t.Fatalf("lockdown: %d", status)
	}
	if status := lockDown(t, srv, device); status != 409 {
		t.Fatalf("a second lockdown while the first holds: %d, want 409", status)
	}
	srv.AdvanceClock(t, 6*time.Minute)
	if status := lockDown(t, srv, device); status != 200 {
		t.Errorf("six minutes on, a new lockdown: %d, want 200 (the first expired)", status)
	}
}

// The journal shows what a client sent, its token redacted.
func TestJournal(t *testing.T) {
	srv := wolfdentest.New(t)
	token := srv.Token(t, srv.Tenant)
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/devices/v2?page_size=5", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := srv.Client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()

	entries := srv.Journal(t, url.Values{"path": {"/devices/v2"}})
	if len(entries) != 1 {
		t.Fatalf("the journal holds %d device-list requests, want 1: %v", len(entries), entries)
	}
	raw, _ := json.Marshal(entries[0])
	if e := entries[0]; e["method"] != "GET" || e["tenant_id"] != srv.Tenant.ID || strings.Contains(string(raw), token) {
		t.Errorf("journal entry %s: want the GET, by the tenant, without its token", raw)
	}
}

// A tenant exported from one server and imported into another answers the
// same there, with the same credentials.
func TestExportImport(t *testing.T) {
	a, b := wolfdentest.New(t, wolfdentest.WithDemoData()), wolfdentest.New(t)
	if id := b.ImportTenant(t, a.ExportTenant(t, a.Tenant), "fixture"); id != a.Tenant.ID {
		t.Fatalf("imported tenant %s, want %s", id, a.Tenant.ID)
	}
	_, want := get(t, a, a.Tenant, "/devices/v2")
	_, got := get(t, b, a.Tenant, "/devices/v2")
	if got["total_number_of_items"] != want["total_number_of_items"] || want["total_number_of_items"] == 0.0 {
		t.Errorf("the importing server lists %v devices, the exporting one %v", got["total_number_of_items"], want["total_number_of_items"])
	}
}

// ResetServer leaves one new tenant, whose credentials s.Tenant holds.
func TestResetServer(t *testing.T) {
	srv := wolfdentest.New(t)
	before := srv.Tenant
	srv.NewTenant(t, "Lab")
	srv.ResetServer(t, true)
	if srv.Tenant.ID == before.ID {
		t.Fatal("the reset kept the old default tenant")
	}
	var tenants []map[string]any
	srv.Control(t, http.MethodGet, "/tenants", nil, &tenants)
	if len(tenants) != 1 {
		t.Errorf("%d tenants after a reset, want 1", len(tenants))
	}
	if status, page := get(t, srv, srv.Tenant, "/devices/v2"); status != 200 || page["total_number_of_items"] == 0.0 {
		t.Errorf("the new tenant's demo devices: %d, %v", status, page["total_number_of_items"])
	}
}

// WithVendorTLS: the client reaches the server under every region's host
// name over HTTPS; a client that does not trust the test's CA is refused.
func TestVendorTLS(t *testing.T) {
	srv := wolfdentest.New(t, wolfdentest.WithVendorTLS(), wolfdentest.WithDemoData())
	if !strings.HasPrefix(srv.URL, "https://127.0.0.1:") || srv.CACertFile == "" {
		t.Fatalf("URL %s, CA %q", srv.URL, srv.CACertFile)
	}
	for _, host := range []string{"https://protectapi.cylance.com", "https://protectapi-euc1.cylance.com", "https://protectapi.us.cylance.com", srv.URL} {
		req, _ := http.NewRequest(http.MethodGet, host+"/devices/v2", nil)
		req.Header.Set("Authorization", "Bearer "+srv.Token(t, srv.Tenant))
		resp, err := srv.Client.Do(req)
		if err != nil {
			t.Fatalf("%s: %v", host, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Errorf("GET %s/devices/v2: %d", host, resp.StatusCode)
		}
	}
	if resp, err := http.Get(srv.URL + "/healthz"); err == nil {
		resp.Body.Close()
		t.Error("a client without the test's CA was served")
	}
}

// WithStore serves the caller's store, which outlives the server;
// WithoutTenant makes none; WithConfig and WithMiddleware reach the
// configuration and every request.
func TestLowerLevelOptions(t *testing.T) {
	st, err := sqlstore.Open(context.Background(), sqlstore.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var seen atomic.Int64
	srv, err := wolfdentest.Start(wolfdentest.WithStore(st), wolfdentest.WithoutTenant(),
		wolfdentest.WithConfig(func(c *server.Config) { c.API.AdminToken = "a-control-token-of-my-own" }),
		wolfdentest.WithMiddleware(func(next http.Handler) http.Handler {
			return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				seen.Add(1)
				next.ServeHTTP(w, r)
			})
		}))
	if err != nil {
		t.Fatal(err)
	}
	if srv.Tenant != (wolfdentest.Tenant{}) || srv.AdminToken != "a-control-token-of-my-own" {
		t.Errorf("Tenant %+v, AdminToken %q", srv.Tenant, srv.AdminToken)
	}
	lab := srv.NewTenant(t, "Lab")
	if status, _ := get(t, srv, lab, "/devices/v2"); status != http.StatusOK || seen.Load() < 3 {
		t.Errorf("GET /devices/v2: %d; the middleware saw %d requests", status, seen.Load())
	}
	srv.Close()
	if n, err := st.CountTenants(context.Background()); err != nil || n != 1 {
		t.Errorf("the caller's store after Close: %d tenants, %v; want Lab, still open", n, err)
	}
}
