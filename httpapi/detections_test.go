package httpapi_test

import (
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// raise plays an agent reporting that event activated the rule on the
// device; a nil event lets wolfden make one from the rule.
func (h *harness) raise(tn tenant, device, rule string, event map[string]string, occurred time.Time) *response {
	h.t.Helper()
	body := map[string]any{"rule_id": rule, "occurrence_time": occurred.Format(time.RFC3339)}
	if event != nil {
		body["event"] = event
	}
	return h.do(http.MethodPost, "/control/v1/tenants/"+tn.id.String()+"/devices/"+device+"/detections", adminToken, body)
}

// detection is the detection a raise answered.
func (r *response) detection() map[string]any {
	r.t.Helper()
	d, _ := r.json()["detection"].(map[string]any)
	if d == nil {
		r.t.Fatalf("%s: no detection in %s", r.req, r.body)
	}
	return d
}

// ids are the Ids of a list's items, in order.
func (r *response) ids() []string {
	r.t.Helper()
	var ids []string
	for _, item := range typed.As[[]any](r.t, r.json()["page_items"]) {
		ids = append(ids, typed.As[string](r.t, typed.As[map[string]any](r.t, item)["Id"]))
	}
	return ids
}

var phoneticID = regexp.MustCompile(`^[A-Z][a-z]+-[A-Z][a-z]+-\d+$`)

func TestDetections(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a, other := h.newTenant("A"), h.newTenant("B")
		tok, otherTok := h.token(a), h.token(other)
		rule := h.do(http.MethodPost, "/rules/v2", tok, officeRule).want(200).field("Id")
		fin := h.register(a, map[string]any{"host_name": "FIN-LT-0042", "os_version": "Microsoft Windows 11 Pro",
			"agent_version": "3.1.1001", "ip_addresses": []string{"10.20.30.41"}})
		hr := h.register(a, map[string]any{"host_name": "HR-DT-0007", "os_version": "Microsoft Windows 10 Enterprise"})
		linux := h.register(a, map[string]any{"host_name": "web-01", "os_version": "Ubuntu 22.04.4 LTS"})
		t0 := h.clock.Now().Add(-72 * time.Hour)

		first := h.raise(a, fin, rule, nil, t0).want(200).detection()
		if first["Severity"] != "Medium" || first["Status"] != "New" || first["ObjectType"] != "Detection" ||
			!phoneticID.MatchString(typed.As[string](t, first["PhoneticId"])) || typed.As[map[string]any](t, first["Context"])["Function"] != "mshta.exe" ||
			first["OccurrenceTime"] != t0.UTC().Format(time.RFC3339) {
			t.Fatalf("raised %v", first)
		}
		second := h.raise(a, hr, rule, map[string]string{"Function": "MSHTA.EXE", "CommandLine": "mshta http://x"}, t0.Add(time.Hour)).
			want(200).detection()
		third := h.raise(a, fin, rule, nil, t0.Add(25*time.Hour)).want(200).detection()
		id1, id2, id3 := typed.As[string](t, first["Id"]), typed.As[string](t, second["Id"]), typed.As[string](t, third["Id"])

		t.Run("raise refuses", func(t *testing.T) {
			h := h.sub(t)
			for _, tt := range []struct {
				name, device, rule string
				event              map[string]string
				status             int
				field              string
			}{
				{"an event the rule does not match", fin, rule, map[string]string{"Function": "notepad.exe"}, 400, "event"},
				{"a system the rule does not name", linux, rule, nil, 400, "rule_id"},
				{"a malformed rule id", fin, "nope", nil, 400, "rule_id"},
				{"an unknown rule", fin, uuid.NewString(), nil, 404, ""},
				{"an unknown device", uuid.NewString(), rule, nil, 404, ""},
			} {
				if f := h.raise(a, tt.device, tt.rule, tt.event, t0).want(tt.status).field("field"); f != tt.field {
					t.Errorf("%s: field %q, want %q", tt.name, f, tt.field)
				}
			}
			h.do(http.MethodPost, "/control/v1/tenants/"+a.id.String()+"/devices/"+fin+"/detections", adminToken,
				map[string]any{"rule_id": rule, "occurrence_time": h.clock.Now().Add(time.Hour)}).want(400)
		})

		t.Run("an active exception suppresses matching detections", func(t *testing.T) {
			h := h.sub(t)
			exception := h.do(http.MethodPost, "/exceptions/v2", tok,
				strings.Replace(backupException, `"FieldOperators": { "Function"`, `"FieldOperators": { "Parent"`, 1)).want(200).field("Id")
			event := map[string]string{"Function": "mshta.exe", "Parent": "BackupAgent.exe"}
			res := h.raise(a, fin, rule, event, t0).want(200).json()
			applied, _ := res["applied_exceptions"].([]any)
			if res["suppressed"] != true || res["detection"] != nil || len(applied) != 1 || typed.As[map[string]any](t, applied[0])["Id"] != exception {
				t.Fatalf("suppressed raise answered %v", res)
			}
			if res := h.raise(a, fin, rule, map[string]string{"Function": "mshta.exe", "Parent": "winword.exe"}, t0).want(200).json(); res["suppressed"] != false {
				t.Errorf("a non-matching event was suppressed: %v", res)
			} else {
				h.do(http.MethodDelete, "/detections/v2/"+typed.As[string](t, typed.As[map[string]any](t, res["detection"])["Id"]), tok, nil).want(200)
			}
			h.do(http.MethodPost, "/exceptions/v2/"+exception+"/deactivate", tok, nil).want(200)
			if res := h.raise(a, fin, rule, event, t0).want(200).json(); res["suppressed"] != false {
				t.Errorf("a deactivated exception suppressed: %v", res)
			} else {
				h.do(http.MethodDelete, "/detections/v2/"+typed.As[string](t, typed.As[map[string]any](t, res["detection"])["Id"]), tok, nil).want(200)
			}
		})

		t.Run("list", func(t *testing.T) {
			h := h.sub(t)
			at := func(d time.Duration) string { return url.QueryEscape(t0.Add(d).Format(time.RFC3339)) }
			for _, tt := range []struct {
				query string
				want  []string
			}{
				{"", []string{id3, id2, id1}},
				{"?page=2&page_size=2", []string{id1}},
				{"?severity=medium", []string{id3, id2, id1}},
				{"?severity=High", nil},
				{"?device=fin-lt", []string{id3, id1}},
				{"?detection_type=LAUNCHES%20mshta", []string{id3, id2, id1}},
				{"?start=" + at(time.Minute) + "&end=" + at(24*time.Hour), []string{id2}},
				{"?since=" + url.QueryEscape(h.clock.Now().Add(-time.Second).Format("2006-01-02T15:04:05.000Z")), []string{id3, id2, id1}},
				{"?since=" + at(100*time.Hour), nil},
				{"?event_number=" + strings.ToLower(typed.As[string](t, second["PhoneticId"])) + "&severity=High", []string{id2}},
				{"?sort=Device", []string{id1, id3, id2}},
				{"?sort=-device", []string{id2, id3, id1}},
				{"?sort=OccurrenceTime", []string{id1, id2, id3}},
				{"?sort=PhoneticId", []string{id1, id2, id3}},
			} {
				if got := h.do(http.MethodGet, "/detections/v2"+tt.query, tok, nil).want(200).ids(); strings.Join(got, " ") != strings.Join(tt.want, " ") {
					t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
				}
			}
			page := h.do(http.MethodGet, "/detections/v2?page_size=1", tok, nil).want(200).json()
			item := typed.As[map[string]any](t, typed.As[[]any](t, page["page_items"])[0])
			device := typed.As[map[string]any](t, item["Device"])
			if page["total_number_of_items"] != 3.0 || page["total_pages"] != 3.0 || item["DetectionDescription"] != "Office application launches mshta.exe" ||
				device["CylanceId"] != fin || device["Name"] != "FIN-LT-0042" || item["CylanceId"] != fin || item["ReceivedTime"] == nil {
				t.Errorf("list page %v", page)
			}
			for _, tt := range []struct{ query, field string }{
				{"?sort=Name", "sort"}, {"?severity=Critical", "severity"}, {"?status=Open", "status"},
				{"?start=yesterday", "start"}, {"?since=1", "since"}, {"?page=0", "page"},
			} {
				if f := h.do(http.MethodGet, "/detections/v2"+tt.query, tok, nil).want(400).field("field"); f != tt.field {
					t.Errorf("%s: field %q, want %q", tt.query, f, tt.field)
				}
			}
			if got := h.do(http.MethodGet, "/detections/v2", otherTok, nil).want(200).ids(); len(got) != 0 {
				t.Errorf("another tenant lists %v", got)
			}
		})

		t.Run("details", func(t *testing.T) {
			h := h.sub(t)
			d := h.do(http.MethodGet, "/detections/v2/"+id1+"/details", tok, nil).want(200).json()
			device, rl := typed.As[map[string]any](t, d["Device"]), typed.As[map[string]any](t, d["DetectionRule"])
			aoi := typed.As[[]any](t, d["ArtifactsOfInterest"])
			if d["PhoneticId"] != first["PhoneticId"] || d["Name"] != "Office spawning mshta" || d["SchemaVersion"] != 1.0 ||
				device["HostName"] != "FIN-LT-0042" || device["OsVersion"] != "Microsoft Windows 11 Pro" ||
				rl["Id"] != rule || rl["Version"] != 1.0 || rl["Category"] != "Custom" || len(aoi) != 1 ||
				typed.As[map[string]any](t, aoi[0])["Source"] != "InstigatingProcess" || typed.As[map[string]any](t, d["Detector"])["Version"] != "3.1.1001" {
				t.Errorf("details %v", d)
			}
			if art := typed.As[map[string]any](t, typed.As[map[string]any](t, aoi[0])["Artifact"]); art["Type"] != "Process" || !opticsID.MatchString(typed.As[string](t, art["Uid"])) {
				t.Errorf("artifact %v", art)
			}
			h.do(http.MethodGet, "/detections/v2/"+id1+"/details", otherTok, nil).want(404)
			h.do(http.MethodGet, "/detections/v2/"+uuid.NewString()+"/details", tok, nil).want(404)
			h.do(http.MethodGet, "/detections/v2/nope/details", tok, nil).want(404)
		})

		t.Run("csv", func(t *testing.T) {
			h := h.sub(t)
			res := h.do(http.MethodGet, "/detections/v2/csv?device=HR", tok, nil).want(200)
			rows, err := csv.NewReader(strings.NewReader(string(res.body))).ReadAll()
			if err != nil || len(rows) != 2 || strings.Join(rows[0], ",") != "Id,PhoneticId,Severity,Status,DetectionDescription,Device,OccurrenceTime,ReceivedTime" ||
				rows[1][0] != id2 || rows[1][5] != "HR-DT-0007" {
				t.Errorf("csv %q, %v", rows, err)
			}
		})

		t.Run("severity histogram", func(t *testing.T) {
			h := h.sub(t)
			end := t0.Add(47 * time.Hour)
			res := h.do(http.MethodGet, "/detections/v2/severity?start="+url.QueryEscape(t0.Format(time.RFC3339))+
				"&end="+url.QueryEscape(end.Format(time.RFC3339))+"&interval=1d&detected_on=FIN", tok, nil).want(200)
			var got struct {
				Facet   string              `json:"facet"`
				Filters []map[string]string `json:"filters"`
				Counts  []map[string]any    `json:"counts"`
			}
			if err := json.Unmarshal(res.body, &got); err != nil {
				t.Fatal(err)
			}
			firstDay := t0.UTC().Truncate(24 * time.Hour)
			days := int(end.UTC().Truncate(24*time.Hour).Sub(firstDay)/(24*time.Hour)) + 1
			if got.Facet != "severity" || len(got.Filters) != 1 || got.Filters[0]["detected_on"] != "FIN" || len(got.Counts) != days ||
				got.Counts[0]["detected_on"] != firstDay.Format(time.RFC3339) {
				t.Fatalf("histogram %s", res.body)
			}
			// FIN's two detections, at t0 and t0+25h, fall on different days.
			medium := 0.0
			for _, c := range got.Counts {
				if c["high"] != 0.0 || c["low"] != 0.0 || c["informational"] != 0.0 || typed.As[float64](t, c["medium"]) > 1 {
					t.Errorf("bucket %v", c)
				}
				medium += typed.As[float64](t, c["medium"])
			}
			if medium != 2 {
				t.Errorf("medium detections %v, want 2: %s", medium, res.body)
			}
			if n := len(typed.As[[]any](t, h.do(http.MethodGet, "/detections/v2/severity", tok, nil).want(200).json()["counts"])); n != 31 {
				t.Errorf("default histogram has %d buckets, want 31 (30 days, aligned to days)", n)
			}
			// An interval so wide that calendar arithmetic overflowed answered
			// a bucket in the year -276220713894.
			for _, q := range []string{"?interval=1w", "?interval=1m&start=2020-01-01", "?start=2025-01-02&end=2025-01-01", "?interval=3700000000000M",
				"?interval=101y", "?interval=9223372036854775807h"} {
				h.do(http.MethodGet, "/detections/v2/severity"+q, tok, nil).want(400)
			}
		})

		t.Run("update", func(t *testing.T) {
			h := h.sub(t)
			res := h.do(http.MethodPost, "/detections/v2/update", tok, []any{
				map[string]any{"detection_id": id1, "field_to_update": map[string]any{"status": "false positive"}},
				map[string]any{"detection_id": id2, "field_to_update": map[string]any{"comment": "Benign admin script"}},
			}).want(200)
			var updated []map[string]any
			if err := json.Unmarshal(res.body, &updated); err != nil || len(updated) != 2 || updated[0]["Status"] != "False Positive" {
				t.Fatalf("update answered %s", res.body)
			}
			if d := h.do(http.MethodGet, "/detections/v2/"+id2+"/details", tok, nil).json(); d["Comment"] != "Benign admin script" || d["Status"] != "New" {
				t.Errorf("after update: %v", d)
			}
			// python-cyapi's path.
			h.do(http.MethodPost, "/detections/v2", tok, []any{map[string]any{"detection_id": id3, "field_to_update": map[string]any{"status": "In Progress"}}}).want(200)
			if got := h.do(http.MethodGet, "/detections/v2?status=in%20progress", tok, nil).want(200).ids(); len(got) != 1 || got[0] != id3 {
				t.Errorf("status filter: %v", got)
			}
			for _, tt := range []struct {
				name   string
				body   any
				status int
				field  string
			}{
				{"both fields", []any{map[string]any{"detection_id": id1, "field_to_update": map[string]any{"status": "Done", "comment": "x"}}}, 400, "[0].field_to_update"},
				{"neither field", []any{map[string]any{"detection_id": id1, "field_to_update": map[string]any{"severity": "Low"}}}, 400, "[0].field_to_update"},
				{"bad status", []any{map[string]any{"detection_id": id1, "field_to_update": map[string]any{"status": "Closed"}}}, 400, "[0].field_to_update.status"},
				{"bad id", []any{map[string]any{"detection_id": "x", "field_to_update": map[string]any{"status": "Done"}}}, 400, "[0].detection_id"},
				{"not an array", map[string]any{"detection_id": id1}, 400, ""},
				{"empty", []any{}, 400, ""},
				{"unknown id, all or none", []any{
					map[string]any{"detection_id": id1, "field_to_update": map[string]any{"status": "Done"}},
					map[string]any{"detection_id": uuid.NewString(), "field_to_update": map[string]any{"status": "Done"}},
				}, 404, "[1].detection_id"},
			} {
				if f := h.do(http.MethodPost, "/detections/v2/update", tok, tt.body).want(tt.status).field("field"); f != tt.field {
					t.Errorf("%s: field %q, want %q", tt.name, f, tt.field)
				}
			}
			if d := h.do(http.MethodGet, "/detections/v2/"+id1+"/details", tok, nil).json(); d["Status"] != "False Positive" {
				t.Errorf("a refused update changed the detection: %v", d["Status"])
			}
			h.do(http.MethodPost, "/detections/v2/update", otherTok, []any{map[string]any{"detection_id": id1, "field_to_update": map[string]any{"status": "Done"}}}).want(404)
		})

		t.Run("rule counts", func(t *testing.T) {
			if n := h.sub(t).do(http.MethodGet, "/rules/v2/"+rule+"/counts", tok, nil).want(200).json()["detections"]; n != 3.0 {
				t.Errorf("detections %v, want 3", n)
			}
		})

		t.Run("delete", func(t *testing.T) {
			h := h.sub(t)
			h.do(http.MethodDelete, "/detections/v2/"+id1, otherTok, nil).want(404)
			h.do(http.MethodDelete, "/detections/v2/"+id1, tok, nil).want(200)
			h.do(http.MethodDelete, "/detections/v2/"+id1, tok, nil).want(404)
			if f := h.do(http.MethodDelete, "/detections/v2", tok, map[string]any{"ids": []string{id2, id1}}).want(404).field("field"); f != "ids[1]" {
				t.Errorf("field %q, want ids[1]", f)
			}
			h.do(http.MethodDelete, "/detections/v2", tok, map[string]any{"ids": []string{"nope"}}).want(400)
			h.do(http.MethodDelete, "/detections/v2", tok, map[string]any{"ids": []string{}}).want(400)
			h.do(http.MethodDelete, "/detections/v2", tok, map[string]any{"ids": []string{id2, strings.ToUpper(strings.ReplaceAll(id3, "-", ""))}}).want(200)
			if got := h.do(http.MethodGet, "/detections/v2", tok, nil).want(200).ids(); len(got) != 0 {
				t.Errorf("left after deletes: %v", got)
			}
		})
	})
}

func TestDetectionScopes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		rule := h.do(http.MethodPost, "/rules/v2", h.token(a), officeRule).want(200).field("Id")
		device := h.register(a, map[string]any{"host_name": "FIN-LT-0042", "os_version": "Windows 11"})
		raised := func() string {
			return typed.As[string](t, h.raise(a, device, rule, nil, h.clock.Now()).want(200).detection()["Id"])
		}
		id := raised()
		update := []any{map[string]any{"detection_id": id, "field_to_update": map[string]any{"comment": "x"}}}
		for _, tt := range []struct {
			method, path string
			scope        wolfden.Scope
			body         any
		}{
			{http.MethodGet, "/detections/v2", wolfden.ScopeOpticsDetectList, nil},
			{http.MethodGet, "/detections/v2/csv", wolfden.ScopeOpticsDetectList, nil},
			{http.MethodGet, "/detections/v2/severity", wolfden.ScopeOpticsDetectList, nil},
			{http.MethodGet, "/detections/v2/" + id + "/details", wolfden.ScopeOpticsDetectRead, nil},
			{http.MethodPost, "/detections/v2/update", wolfden.ScopeOpticsDetectUpdate, update},
			{http.MethodPost, "/detections/v2", wolfden.ScopeOpticsDetectUpdate, update},
			{http.MethodDelete, "/detections/v2/" + id, wolfden.ScopeOpticsDetectDelete, nil},
			{http.MethodDelete, "/detections/v2", wolfden.ScopeOpticsDetectDelete, map[string]any{"ids": []string{raised()}}},
		} {
			h.wantScope(a, tt.method, tt.path, tt.scope, tt.body)
		}
	})
}
