package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// reportThreat plays an agent reporting a convicted file on a device.
func (h *harness) reportThreat(tn tenant, device string, body map[string]any) {
	h.t.Helper()
	h.do(http.MethodPost, "/control/v1/tenants/"+tn.id.String()+"/devices/"+device+"/threats", adminToken, body).want(200)
}

func TestThreats(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		laptop := h.register(a, map[string]any{"host_name": "fin-lt-0042", "mac_addresses": []string{"00-1A-2B-3C-4D-5E"}})
		server := h.register(a, map[string]any{"host_name": "srv-01", "state": "Offline"})
		sha := strings.Repeat("3f1a9c0b", 8)
		early := time.Date(2026, 4, 30, 16, 22, 9, 500_000_000, time.UTC)
		h.reportThreat(a, laptop, map[string]any{"sha256": sha, "md5": strings.Repeat("a1", 16), "file_path": `C:\Users\jo\invoice_2024.exe`,
			"file_size": 482816, "cylance_score": -0.98, "classification": "Malware", "sub_classification": "Trojan",
			"date_found": early.Format(time.RFC3339Nano)})
		h.reportThreat(a, server, map[string]any{"sha256": strings.ToUpper(sha), "file_path": `D:\drop\invoice_2024.exe`,
			"date_found": early.Add(time.Hour).Format(time.RFC3339)})
		other := strings.Repeat("c0ffee00", 8)
		h.reportThreat(a, laptop, map[string]any{"sha256": other, "file_path": "/tmp/dropper", "classification": "PUP",
			"date_found": early.Add(-24 * time.Hour).Format(time.RFC3339)})

		list := h.do(http.MethodGet, "/threats/v2", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["page_items"])
		if list["total_number_of_items"] != 2.0 || len(items) != 2 {
			t.Fatalf("threat list %v", list)
		}
		first := typed.As[map[string]any](t, items[0])
		want := map[string]any{"sha256": strings.ToUpper(sha), "md5": strings.Repeat("A1", 16), "name": "invoice_2024.exe",
			"classification": "Malware", "sub_classification": "Trojan", "cylance_score": -0.98, "av_industry": nil,
			"unique_to_cylance": false, "global_quarantined": false, "safelisted": false, "file_size": 482816.0,
			"last_found": "2026-04-30T17:22:09"} // the latest sighting, no fraction, no Z
		for k, v := range want {
			if first[k] != v {
				t.Errorf("threat %s = %#v, want %#v", k, first[k], v)
			}
		}
		window := "?start_time=2026-04-29T00:00:00Z&end_time=2026-04-30T00:00:00.000Z"
		if got := h.do(http.MethodGet, "/threats/v2"+window, tok, nil).want(200).json(); got["total_number_of_items"] != 1.0 {
			t.Errorf("time window: %v", got)
		}
		h.do(http.MethodGet, "/threats/v2?end_time=2026-04-30T00:00:00", tok, nil).want(400)
		h.do(http.MethodGet, "/threats/v2?start_time=yesterday", tok, nil).want(400)

		detail := h.do(http.MethodGet, "/threats/v2/"+sha, tok, nil).want(200).json()
		for k, v := range map[string]any{"auto_run": false, "running": false, "signed": false, "cert_issuer": nil,
			"cert_publisher": nil, "cert_timestamp": "0001-01-01T00:00:00", "detected_by": "File Watcher", "last_found": "2026-04-30T17:22:09"} {
			if detail[k] != v {
				t.Errorf("detail %s = %#v, want %#v", k, detail[k], v)
			}
		}
		h.do(http.MethodGet, "/threats/v2/"+strings.Repeat("0", 64), tok, nil).want(404)
		h.do(http.MethodGet, "/threats/v2/not-a-hash", tok, nil).want(404)

		sightings := typed.As[[]any](t, h.do(http.MethodGet, "/threats/v2/"+sha+"/devices", tok, nil).want(200).json()["page_items"])
		if len(sightings) != 2 {
			t.Fatalf("threat devices %v", sightings)
		}
		srv := typed.As[map[string]any](t, sightings[0])
		if srv["id"] != server || srv["state"] != "OffLine" || srv["file_path"] != `D:\drop\invoice_2024.exe` ||
			srv["file_status"] != "Default" || srv["date_found"] != "2026-04-30T17:22:09" || srv["policy_id"] != defaultPolicy {
			t.Errorf("sighting %v", srv)
		}
		if typed.As[map[string]any](t, sightings[1])["state"] != "OnLine" {
			t.Errorf("online device state %v", typed.As[map[string]any](t, sightings[1])["state"])
		}

		onLaptop := h.do(http.MethodGet, "/devices/v2/"+laptop+"/threats", tok, nil).want(200).json()
		if onLaptop["total_number_of_items"] != 2.0 {
			t.Fatalf("device threats %v", onLaptop)
		}
		if got := h.do(http.MethodGet, "/devices/v2/"+laptop, tok, nil).json()["is_safe"]; got != false {
			t.Errorf("is_safe = %v with unsafe files", got)
		}

		// Quarantine and Waive on the device.
		if res := h.do(http.MethodPost, "/devices/v2/"+laptop+"/threats", tok, map[string]string{"threat_id": sha, "event": "Quarantine"}).want(200); len(res.body) != 0 {
			t.Errorf("body %q, want empty", res.body)
		}
		h.do(http.MethodPost, "/devices/v2/"+laptop+"/threats", tok, map[string]string{"threat_id": strings.ToUpper(other), "event": "Waive"}).want(200)
		statuses := map[string]string{}
		for _, it := range typed.As[[]any](t, h.do(http.MethodGet, "/devices/v2/"+laptop+"/threats", tok, nil).json()["page_items"]) {
			m := typed.As[map[string]any](t, it)
			statuses[typed.As[string](t, m["sha256"])] = typed.As[string](t, m["file_status"])
		}
		if statuses[strings.ToUpper(sha)] != "Quarantined" || statuses[strings.ToUpper(other)] != "Whitelisted" {
			t.Errorf("after Quarantine and Waive: %v", statuses)
		}
		if got := h.do(http.MethodGet, "/devices/v2/"+laptop, tok, nil).json()["is_safe"]; got != true {
			t.Errorf("is_safe = %v once every threat is handled", got)
		}
		for _, tt := range []struct {
			body   map[string]string
			status int
		}{
			{map[string]string{"threat_id": sha, "event": "Delete"}, 400},
			{map[string]string{"threat_id": "abc", "event": "Waive"}, 400},
			{map[string]string{"event": "Waive"}, 400},
			{map[string]string{"threat_id": sha}, 400},
			{map[string]string{"threat_id": strings.Repeat("0", 64), "event": "Waive"}, 404},
		} {
			h.do(http.MethodPost, "/devices/v2/"+laptop+"/threats", tok, tt.body).want(tt.status)
		}
		h.do(http.MethodPost, "/devices/v2/"+uuid.NewString()+"/threats", tok, map[string]string{"threat_id": sha, "event": "Waive"}).want(404)

		// The global quarantine list marks the threat everywhere it is found.
		h.do(http.MethodPost, "/globallists/v2", tok, map[string]string{"sha256": sha, "list_type": "GlobalQuarantine", "reason": "IR"}).want(200)
		if got := h.do(http.MethodGet, "/threats/v2/"+sha, tok, nil).json(); got["global_quarantined"] != true || got["safelisted"] != false {
			t.Errorf("after global quarantine: %v", got)
		}
		if got := typed.As[map[string]any](t, typed.As[[]any](t, h.do(http.MethodGet, "/devices/v2/"+server+"/threats", tok, nil).json()["page_items"])[0]); got["file_status"] != "Quarantined" {
			t.Errorf("the server's copy: %v", got["file_status"])
		}
		if got := h.do(http.MethodGet, "/devices/v2/"+server, tok, nil).json()["is_safe"]; got != true {
			t.Errorf("server is_safe = %v after global quarantine", got)
		}

		h.wantScope(a, http.MethodGet, "/threats/v2", wolfden.ScopeThreatList, nil)
		h.wantScope(a, http.MethodGet, "/threats/v2/"+sha, wolfden.ScopeThreatRead, nil)
		h.wantScope(a, http.MethodGet, "/threats/v2/"+sha+"/devices", wolfden.ScopeThreatDeviceList, nil)
		h.wantScope(a, http.MethodGet, "/devices/v2/"+laptop+"/threats", wolfden.ScopeDeviceThreatList, nil)
		h.wantScope(a, http.MethodPost, "/devices/v2/"+laptop+"/threats", wolfden.ScopeThreatUpdate, map[string]string{"threat_id": sha, "event": "Waive"})

		// Tenant B sees none of A's threats.
		tokB := h.token(h.newTenant("B"))
		if n := h.do(http.MethodGet, "/threats/v2", tokB, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("tenant B lists %v threats", n)
		}
		h.do(http.MethodGet, "/threats/v2/"+sha, tokB, nil).want(404)
		h.do(http.MethodGet, "/threats/v2/"+sha+"/devices", tokB, nil).want(404)
		h.do(http.MethodGet, "/devices/v2/"+laptop+"/threats", tokB, nil).want(404)
		h.do(http.MethodPost, "/devices/v2/"+laptop+"/threats", tokB, map[string]string{"threat_id": sha, "event": "Waive"}).want(404)
	})
}
