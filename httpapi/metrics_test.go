package httpapi_test

import (
	"io"
	"maps"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
	"github.com/wolfden/wolfden/store"
)

// scrape reads GET /metrics, without a token, as Prometheus does, and
// returns its samples by name and labels (see sample) and the body.
func (h *harness) scrape() (map[string]float64, string) {
	h.t.Helper()
	res, err := http.Get(h.url + "/metrics")
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/plain") {
		h.t.Fatalf("GET /metrics: %d %s: %s", res.StatusCode, res.Header.Get("Content-Type"), b)
	}
	h.checkContract(&response{t: h.t, req: "GET /metrics", status: res.StatusCode, header: res.Header, body: b}, res)
	samples := make(map[string]float64)
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		v, err := strconv.ParseFloat(line[i+1:], 64)
		if err != nil {
			h.t.Fatalf("GET /metrics: sample %q: %v", line, err)
		}
		samples[line[:i]] = v
	}
	return samples, string(b)
}

// sample is the key of a sample in scrape's map: the name, and the labels
// sorted by name but a bucket's le, last, as the exposition format writes
// them.
func sample(name string, labels ...string) string {
	if len(labels) == 0 {
		return name
	}
	m := make(map[string]string)
	for i := 0; i+1 < len(labels); i += 2 {
		m[labels[i]] = labels[i+1]
	}
	var pairs []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if k != "le" {
			pairs = append(pairs, k+`="`+m[k]+`"`)
		}
	}
	if le, ok := m["le"]; ok {
		pairs = append(pairs, `le="`+le+`"`)
	}
	return name + "{" + strings.Join(pairs, ",") + "}"
}

// TestMetrics: each counter moves after the request it counts, the
// latency histogram and group commits are observed, and the exposition
// needs no token and carries no tenant data.
func TestMetrics(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{metrics: true, rateLimit: 5, authFailureRate: 1, authFailureBurst: 2})
		a := h.newTenant("Acme")
		tok := h.token(a) // a tenant exchange issued; 1 of A's 5
		h.do(http.MethodGet, "/devices/v2", tok, nil).want(http.StatusOK)
		h.do(http.MethodGet, "/devices/v2/"+a.id.String(), tok, nil).want(http.StatusNotFound)
		h.createZone(tok, "Lab")
		h.do(http.MethodGet, "/nowhere/"+a.id.String(), "", nil).want(http.StatusNotFound)
		h.flood(http.MethodGet, "/devices/v2", tok) // an account 429
		_, papp := h.newPartner("Acme MSP")
		h.partnerToken(papp) // a partner exchange issued
		// The auth-failure throttle last, as it refuses this address:
		// two exchanges refused, then a 429 unchecked.
		h.tokenStatus(h.claims(a), "not the secret", http.StatusUnauthorized)
		h.tokenStatus(h.claims(a), "not the secret", http.StatusUnauthorized)
		h.tokenStatus(h.claims(a), a.app.Secret, http.StatusTooManyRequests)

		got, body := h.scrape()
		for _, tt := range []struct {
			name string
			key  string
			min  float64
		}{
			{"a 200 by route", sample("wolfden_http_requests_total", "route", "/devices/v2", "method", "GET", "status", "200"), 1},
			{"a 404 of a route", sample("wolfden_http_requests_total", "route", "/devices/v2/{device}", "method", "GET", "status", "404"), 1},
			{"a 404 of no route", sample("wolfden_http_requests_total", "route", "none", "method", "GET", "status", "404"), 1},
			{"a 429 by route", sample("wolfden_http_requests_total", "route", "/devices/v2", "method", "GET", "status", "429"), 1},
			{"latency observed", sample("wolfden_http_request_duration_seconds_count", "route", "/devices/v2", "method", "GET"), 2},
			{"latency bucketed", sample("wolfden_http_request_duration_seconds_bucket", "route", "/zones/v2", "method", "POST", "le", "+Inf"), 1},
			{"account limit", sample("wolfden_rate_limited_total", "limiter", "account"), 1},
			{"auth-failure throttle", sample("wolfden_rate_limited_total", "limiter", "auth_failures"), 1},
			{"tenant exchange issued", sample("wolfden_token_exchanges_total", "exchange", "tenant", "outcome", "issued"), 1},
			{"tenant exchange refused", sample("wolfden_token_exchanges_total", "exchange", "tenant", "outcome", "refused"), 3},
			{"partner exchange issued", sample("wolfden_token_exchanges_total", "exchange", "partner", "outcome", "issued"), 1},
			{"go collector", sample("go_goroutines"), 1},
		} {
			if v, ok := got[tt.key]; !ok || v < tt.min {
				t.Errorf("%s: %s = %v (present %t), want at least %v", tt.name, tt.key, v, ok, tt.min)
			}
		}
		if runtime.GOOS == "linux" {
			if _, ok := got["process_cpu_seconds_total"]; !ok {
				t.Error("no process collector: process_cpu_seconds_total is missing")
			}
		}
		// SQLite commits writes in groups; PostgreSQL one by one, so the
		// histogram stays empty there.
		commits := got[sample("wolfden_sqlite_group_commit_jobs_count")]
		if b.Name == "sqlite" && commits < 1 {
			t.Errorf("no group commit observed after writes:\n%s", grep(body, "wolfden_sqlite_group_commit"))
		}
		if b.Name != "sqlite" && commits != 0 {
			t.Errorf("%v group commits observed on %s", commits, b.Name)
		}
		if n := got[sample("wolfden_sqlite_group_commit_jobs_bucket", "le", "256")]; n != commits {
			t.Errorf("%v group commits of at most 256 jobs, want all %v", n, commits)
		}
		if got[sample("wolfden_internal_errors_total", "route", "none", "cause", "error")] != 0 {
			t.Error("an internal error was counted")
		}

		// No tenant data: no id, no secret, no token, no path with an id.
		for _, secret := range []string{a.id.String(), a.app.ID.String(), a.app.Secret, tok, papp.ID.String(), papp.Secret, "/nowhere"} {
			if strings.Contains(body, secret) {
				t.Errorf("GET /metrics carries %q", secret)
			}
		}
	})
}

// tokenStatus exchanges claims signed with secret, expecting status.
func (h *harness) tokenStatus(claims map[string]any, secret string, status int) {
	h.t.Helper()
	h.do(http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": sign(h.t, claims, secret)}).want(status)
}

// grep is the lines of text holding s.
func grep(text, s string) string {
	var b strings.Builder
	for line := range strings.Lines(text) {
		if strings.Contains(line, s) {
			b.WriteString(line)
		}
	}
	return b.String()
}

func faultyWrap(s store.Store) store.Store { return faultyStore{s} }

// TestMetricsInternalErrors: a 500 is counted by route and cause, a
// panic apart from an error a handler returned.
func TestMetricsInternalErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{metrics: true, wrap: faultyWrap})
		tok := h.token(h.newTenant("A"))
		h.do(http.MethodGet, "/users/v2", tok, nil).want(http.StatusInternalServerError)                     // panics
		h.do(http.MethodGet, "/users/v2/someone@example.org", tok, nil).want(http.StatusInternalServerError) // fails
		got, body := h.scrape()
		for _, key := range []string{
			sample("wolfden_internal_errors_total", "route", "/users/v2", "cause", "panic"),
			sample("wolfden_internal_errors_total", "route", "/users/v2/{user}", "cause", "error"),
			sample("wolfden_http_requests_total", "route", "/users/v2/{user}", "method", "GET", "status", "500"),
		} {
			if got[key] != 1 {
				t.Errorf("%s = %v, want 1:\n%s", key, got[key], grep(body, "500"))
			}
		}
		if strings.Contains(body, "hunter2") || strings.Contains(body, "someone@example.org") {
			t.Error("GET /metrics carries a failure's cause or a path")
		}
	})
}

// TestMetricsWorker: the sweeps' runs and what they processed are
// counted.
func TestMetricsWorker(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{metrics: true, adminToken: adminToken, sweepInterval: 20 * time.Millisecond})
		a := h.newTenant("A")
		tok := h.token(a)
		one, two := h.register(a, map[string]any{"host_name": "one"}), h.register(a, map[string]any{"host_name": "two"})
		h.do(http.MethodDelete, "/devices/v2", tok, map[string]any{"device_ids": []string{one, two}}).want(http.StatusOK)
		var got map[string]float64
		eventually(t, "a deletion completed and two sweeps", func() bool {
			got, _ = h.scrape()
			return got[sample("wolfden_worker_items_total", "task", "device_deletions")] >= 1 &&
				got[sample("wolfden_worker_runs_total", "task", "inactive_devices")] >= 2
		})
		if n := got[sample("wolfden_worker_runs_total", "task", "device_deletions")]; n < 2 {
			t.Errorf("device_deletions ran %v times, want the first sweep and the request at least", n)
		}
		for _, task := range []string{"device_deletions", "inactive_devices", "token_id_purge", "deletion_callbacks"} {
			key := sample("wolfden_worker_errors_total", "task", task)
			if v, ok := got[key]; !ok || v != 0 {
				t.Errorf("%s = %v (present %t), want 0", key, v, ok)
			}
		}
	})
}

// TestMetricsOff: without metrics, /metrics is a path like any unknown
// one.
func TestMetricsOff(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{})
	h.do(http.MethodGet, "/metrics", "", nil).want(http.StatusNotFound)
	h.do(http.MethodGet, "/metrics", h.token(h.newTenant("A")), nil).want(http.StatusNotFound)
}

// TestMetricsWithJournal: with the journal on, requests are still counted
// by route, and scrapes stay out of the journal.
func TestMetricsWithJournal(t *testing.T) {
	j := journal.New(100, 0)
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{metrics: true, journal: j, adminToken: adminToken})
	tok := h.token(h.newTenant("A"))
	h.do(http.MethodGet, "/devices/v2", tok, nil).want(http.StatusOK)
	h.scrape()
	got, _ := h.scrape()
	if v := got[sample("wolfden_http_requests_total", "route", "/devices/v2", "method", "GET", "status", "200")]; v != 1 {
		t.Errorf("GET /devices/v2 counted %v times, want 1", v)
	}
	if v := got[sample("wolfden_http_requests_total", "route", "/metrics", "method", "GET", "status", "200")]; v != 1 {
		t.Errorf("the first scrape counted %v times, want 1", v)
	}
	res := h.do(http.MethodGet, "/control/v1/journal", adminToken, nil).want(http.StatusOK)
	if strings.Contains(string(res.body), "/metrics") {
		t.Errorf("the journal holds a scrape: %s", res.body)
	}
}
