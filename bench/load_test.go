package bench

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	var served atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		served.Add(1)
		if r.URL.Path == "/fail" {
			http.Error(w, "broken", http.StatusInternalServerError)
			return
		}
		w.Write([]byte(strings.Repeat("y", 5000))) // over 2 KiB: chunked
	}))
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")

	t.Run("bounded by requests", func(t *testing.T) {
		served.Store(0)
		res, err := load{addr: addr, connections: 3, duration: time.Minute, maxRequests: 40}.run(context.Background(), fixed("/", ""))
		if err != nil {
			t.Fatal(err)
		}
		if res.requests != 40 || served.Load() != 40 || res.failures != 0 || res.sizes != 40*5000 || len(res.latencies) != 40 {
			t.Errorf("requests %d, served %d, failures %d, bytes %d", res.requests, served.Load(), res.failures, res.sizes)
		}
		if res.percentile(0.5) <= 0 || res.percentile(0.99) < res.percentile(0.5) {
			t.Errorf("p50 %s, p99 %s", res.percentile(0.5), res.percentile(0.99))
		}
	})
	t.Run("bounded by time", func(t *testing.T) {
		res, err := load{addr: addr, connections: 2, duration: 50 * time.Millisecond, maxRequests: 1 << 30}.run(context.Background(), fixed("/", ""))
		if err != nil || res.requests == 0 || res.requests >= 1<<30 {
			t.Errorf("requests %d, error %v", res.requests, err)
		}
	})
	t.Run("failures counted, connection kept", func(t *testing.T) {
		res, _ := load{addr: addr, connections: 1, duration: time.Minute, maxRequests: 5}.run(context.Background(), fixed("/fail", ""))
		if res.requests != 5 || res.failures != 5 || !strings.Contains(res.lastError, "HTTP 500") {
			t.Errorf("requests %d, failures %d, last error %q", res.requests, res.failures, res.lastError)
		}
	})
	t.Run("paced", func(t *testing.T) {
		res, _ := load{addr: addr, connections: 2, duration: time.Minute, maxRequests: 10, rate: 200}.run(context.Background(), fixed("/", ""))
		// 10 requests due 5 ms apart cannot all be sent before the 10th is due.
		if res.requests != 10 || res.elapsed < 45*time.Millisecond {
			t.Errorf("%d paced requests took %s", res.requests, res.elapsed)
		}
	})
	t.Run("nothing listening", func(t *testing.T) {
		if _, err := (load{addr: "127.0.0.1:1", connections: 1, duration: time.Second, maxRequests: 1}).run(context.Background(), fixed("/", "")); err == nil {
			t.Error("no error dialing a closed port")
		}
	})
}

func TestChecks(t *testing.T) {
	rows := []Row{
		{Scenario: getDevice, Server: "sqlite", Ratio: 0.6, Ceiling: "bare", RSSMB: 80, P50ms: 1, P99ms: 3},
		{Scenario: listFirst, Server: "sqlite", P50ms: 2, RSSMB: 90},
		{Scenario: listDeep, Server: "sqlite", P50ms: 3, RSSMB: 160},
		{Scenario: "token", Server: "sqlite", Ratio: 0.31, Ceiling: "bare"},
		{Scenario: halfLoad, Server: "sqlite", P50ms: 1, P99ms: 4},
		{Scenario: "scale-10 get-device", Server: "sqlite", P50ms: 1},
		{Scenario: "scale-1000 get-device", Server: "sqlite", P50ms: 1.4},
	}
	got := map[string]bool{}
	for _, c := range checks(rows) {
		got[c.Target] = c.Met
	}
	want := map[string]bool{
		"get-device rate / bare": true, "token rate / bare": true, "list-deep p50 / list-first p50": false,
		"RSS under the read scenarios": false, "p99 / p50 at half the peak of get-device": true,
		"get-device p50 at 1000 / at 10 devices": true,
	}
	if len(got) != len(want) {
		t.Errorf("checks %v, want %v", got, want)
	}
	for target, met := range want {
		if m, ok := got[target]; !ok || m != met {
			t.Errorf("%s: met %v (present %v), want %v", target, m, ok, met)
		}
	}
}
