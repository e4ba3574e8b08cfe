package httpapi_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

var (
	opticsID = regexp.MustCompile(`^[0-9A-F]{32}$`)
	rfc3339Z = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$`)
	// agentDone is past DefaultAgentSchedule's pickup and work.
	agentDone = 10 * time.Second
)

// hex32 is an id as OPTICS routes print it.
func hex32(id string) string { return strings.ToUpper(strings.ReplaceAll(id, "-", "")) }

// surveyFleet is a tenant with a zone of three devices that reported the
// same dropper: a Windows laptop, a Windows laptop that is offline, and a
// Linux server; and a device in another zone.
type surveyFleet struct {
	tenant                         tenant
	tok, zone, otherZone           string
	laptop, offline, server, spare string
	sha                            string
}

func (h *harness) newSurveyFleet(name string) surveyFleet {
	h.t.Helper()
	f := surveyFleet{tenant: h.newTenant(name), sha: strings.Repeat("c0ffee00", 8)}
	f.tok = h.token(f.tenant)
	f.zone, f.otherZone = h.createZone(f.tok, "Finance"), h.createZone(f.tok, "Servers")
	f.laptop = h.register(f.tenant, map[string]any{"host_name": "FIN-LT-0042", "os_version": "Microsoft Windows 11 Pro",
		"ip_addresses": []string{"10.20.30.41"}, "last_logged_in_user": `CORP\jrivera`, "zones": []string{f.zone}})
	f.offline = h.register(f.tenant, map[string]any{"host_name": "FIN-LT-0043", "os_version": "Microsoft Windows 10 Enterprise",
		"state": "Offline", "zones": []string{f.zone}})
	f.server = h.register(f.tenant, map[string]any{"host_name": "srv-01", "os_version": "Ubuntu 22.04.4 LTS",
		"ip_addresses": []string{"10.20.40.7"}, "zones": []string{f.zone}})
	f.spare = h.register(f.tenant, map[string]any{"host_name": "spare", "os_version": "Microsoft Windows 11 Pro",
		"zones": []string{f.otherZone}})
	for _, at := range []struct{ device, path string }{
		{f.laptop, `C:\Windows\Temp\dumper.exe`}, {f.offline, `C:\Users\Public\dumper.exe`}, {f.server, "/tmp/dumper"},
		{f.spare, `C:\dumper.exe`},
	} {
		h.reportThreat(f.tenant, at.device, map[string]any{"sha256": f.sha, "md5": strings.Repeat("A1", 16), "file_path": at.path,
			"file_size": 482816, "date_found": "2024-04-30T16:20:00Z"})
	}
	return f
}

// query creates an InstaQuery over the fleet's zone; it answers its id.
func (f surveyFleet) query(h *harness, body map[string]any) string {
	h.t.Helper()
	q := map[string]any{"name": "hunt", "description": "", "match_type": "Fuzzy", "zones": []string{hex32(f.zone)}}
	for k, v := range body {
		q[k] = v
	}
	return h.do(http.MethodPost, "/instaqueries/v2", f.tok, q).want(200).field("id")
}

// resultRow is a row of InstaQuery results with its Result decoded.
type resultRow struct {
	HostName, DeviceID string
	Result             struct {
		UID        string            `json:"Uid"`
		Type       string            `json:"Type"`
		Properties map[string]string `json:"Properties"`
		First      string            `json:"FirstObservedTime"`
	}
}

func (h *harness) results(tok, id string) (status string, rows []resultRow) {
	h.t.Helper()
	res := h.do(http.MethodGet, "/instaqueries/v2/"+id+"/results", tok, nil).want(200).json()
	if res["id"] != id {
		h.t.Errorf("results id %v, want %s", res["id"], id)
	}
	for _, r := range typed.As[[]any](h.t, res["result"]) {
		r := typed.As[map[string]any](h.t, r)
		row := resultRow{HostName: typed.As[string](h.t, r["HostName"]), DeviceID: typed.As[string](h.t, r["DeviceId"])}
		if r["CorrelationId"] != id || r["@version"] != "1" {
			h.t.Errorf("row %v", r)
		}
		if err := json.Unmarshal([]byte(typed.As[string](h.t, r["Result"])), &row.Result); err != nil {
			h.t.Fatalf("Result is not a JSON-encoded string: %v", r["Result"])
		}
		rows = append(rows, row)
	}
	return typed.As[string](h.t, res["status"]), rows
}

func TestInstaQueryProgress(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		f := h.newSurveyFleet("A")
		body := map[string]any{"name": "Find dumper.exe", "description": "Hunt for credential dumper", "artifact": "File",
			"match_value_type": "File.Path", "match_values": []string{"dumper.exe"}, "case_sensitive": false, "match_type": "Fuzzy",
			"zones": []string{strings.ToLower(hex32(f.zone))}, "filters": []any{map[string]any{"aspect": "OS", "value": "Windows"}},
			"relations": []any{map[string]any{"object": "/focus/5E6F7A8B9C0D4E1F8A2B3C4D5E6F7A8B", "relationship": "originated-from"}}}
		created := h.do(http.MethodPost, "/instaqueries/v2", f.tok, body).want(200).json()
		id, _ := created["id"].(string)
		if !opticsID.MatchString(id) || created["match_value_type"] != "File.Path" || created["artifact"] != "File" ||
			typed.As[[]any](t, created["zones"])[0] != hex32(f.zone) || created["results_available"] != false ||
			len(typed.As[map[string]any](t, created["progress"])) != 0 || !rfc3339Z.MatchString(typed.As[string](t, created["created_at"])) ||
			created["archived_at"] != nil || typed.As[map[string]any](t, typed.As[[]any](t, created["relations"])[0])["relationship"] != "originated-from" {
			t.Fatalf("create answered %v", created)
		}
		if status, rows := h.results(f.tok, id); status != "pending" || len(rows) != 0 {
			t.Fatalf("at once: %s, %v", status, rows)
		}
		h.clock.Advance(3 * time.Second)
		if status, _ := h.results(f.tok, id); status != "running" {
			t.Errorf("picked up: %s", status)
		}
		if got := h.do(http.MethodGet, "/instaqueries/v2/"+id, f.tok, nil).want(200).json(); len(typed.As[map[string]any](t, got["progress"])) != 0 {
			t.Errorf("progress before any answer: %v", got["progress"])
		}

		// The Windows laptop answers; the offline one never does, and the
		// Linux server was filtered out: the query is done.
		h.clock.Advance(agentDone)
		got := h.do(http.MethodGet, "/instaqueries/v2/"+id, f.tok, nil).want(200).json()
		if p := typed.As[map[string]any](t, got["progress"]); p["queried"] != 2.0 || p["responded"] != 1.0 || got["results_available"] != true {
			t.Fatalf("progress %v", got)
		}
		status, rows := h.results(f.tok, id)
		if status != "done" || len(rows) != 1 {
			t.Fatalf("results %s %v", status, rows)
		}
		row := rows[0]
		if row.HostName != "FIN-LT-0042" || row.DeviceID != hex32(f.laptop) || row.Result.Type != "File" ||
			row.Result.Properties["Path"] != `C:\Windows\Temp\dumper.exe` || row.Result.Properties["Sha256"] != strings.ToUpper(f.sha) ||
			row.Result.Properties["Owner"] != `CORP\jrivera` || row.Result.Properties["Size"] != "482816" ||
			row.Result.Properties["SuspectedFileType"] != "Executable/PE" || len(row.Result.UID) != 24 ||
			row.Result.First != "2024-04-30T16:20:00.000Z" {
			t.Errorf("row %+v", row)
		}
		// The same data and clock answer the same bytes.
		first := h.do(http.MethodGet, "/instaqueries/v2/"+id+"/results", f.tok, nil).want(200).body
		if again := h.do(http.MethodGet, "/instaqueries/v2/"+id+"/results", f.tok, nil).body; string(again) != string(first) {
			t.Errorf("results differ:\n%s\n%s", first, again)
		}

		// The offline laptop comes back: it answers too.
		h.do(http.MethodPut, "/control/v1/tenants/"+f.tenant.id.String()+"/devices/"+f.offline+"/state", adminToken,
			map[string]string{"state": "Online"}).want(200)
		if _, rows := h.results(f.tok, id); len(rows) != 2 || rows[0].HostName == rows[1].HostName {
			t.Errorf("after the laptop came back: %v", rows)
		}

		// A query over devices that are all offline is done with nothing.
		h.do(http.MethodPut, "/control/v1/tenants/"+f.tenant.id.String()+"/devices/"+f.spare+"/state", adminToken,
			map[string]string{"state": "Offline"}).want(200)
		spare := h.do(http.MethodPost, "/instaqueries/v2", f.tok, map[string]any{"name": "spare", "artifact": "File",
			"match_value_type": "Path", "match_values": []string{"dumper"}, "zones": []string{f.otherZone}}).want(200).field("id")
		h.clock.Advance(time.Hour)
		f.tok = h.token(f.tenant) // the last one expired
		if status, rows := h.results(f.tok, spare); status != "done" || len(rows) != 0 {
			t.Errorf("offline fleet: %s %v", status, rows)
		}
		if got := h.do(http.MethodGet, "/instaqueries/v2/"+spare, f.tok, nil).json(); len(typed.As[map[string]any](t, got["progress"])) != 0 ||
			got["results_available"] != false || got["match_type"] != "Fuzzy" {
			t.Errorf("offline fleet query %v", got)
		}

		// Another tenant's query is unknown; so is a malformed id.
		other := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/instaqueries/v2/"+id, other, nil).want(404)
		h.do(http.MethodGet, "/instaqueries/v2/"+id+"/results", other, nil).want(404)
		h.do(http.MethodGet, "/instaqueries/v2/"+uuid.NewString(), f.tok, nil).want(404)
		h.do(http.MethodGet, "/instaqueries/v2/not-an-id/results", f.tok, nil).want(404)
	})
}

// Each artifact type is matched against what the devices reported, by the
// query's match type and case sensitivity.
func TestInstaQueryMatching(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		f := h.newSurveyFleet("A")
		tests := []struct {
			name  string
			query map[string]any
			hosts []string // hosts of the rows, in order
		}{
			{"file path, fuzzy, any case", map[string]any{"artifact": "File", "match_value_type": "Path", "match_values": []string{"DUMPER"}},
				[]string{"FIN-LT-0042", "srv-01"}},
			{"file path, case-sensitive", map[string]any{"artifact": "File", "match_value_type": "Path", "match_values": []string{"DUMPER"},
				"case_sensitive": true}, nil},
			{"file path, exact", map[string]any{"artifact": "file", "match_value_type": "path", "match_type": "exact",
				"match_values": []string{"/tmp/dumper", "dumper.exe"}}, []string{"srv-01"}},
			{"file Sha2", map[string]any{"artifact": "File", "match_value_type": "Sha2", "match_type": "Exact",
				"match_values": []string{f.sha}}, []string{"FIN-LT-0042", "srv-01"}},
			{"file SHA256 spelling", map[string]any{"artifact": "File", "match_value_type": "SHA256", "match_type": "Exact",
				"match_values": []string{f.sha}}, []string{"FIN-LT-0042", "srv-01"}},
			{"file MD5 spelling", map[string]any{"artifact": "File", "match_value_type": "MD5", "match_type": "Exact",
				"match_values": []string{strings.Repeat("a1", 16)}},
				[]string{"FIN-LT-0042", "srv-01"}},
			{"file owner", map[string]any{"artifact": "File", "match_value_type": "Owner", "match_values": []string{"jrivera"}},
				[]string{"FIN-LT-0042", "FIN-LT-0042"}}, // the dropper and the shell's image
			{"process name, exact", map[string]any{"artifact": "Process", "match_value_type": "Name", "match_type": "Exact",
				"match_values": []string{"dumper.exe"}}, []string{"FIN-LT-0042"}},
			{"process of the OS session", map[string]any{"artifact": "Process", "match_value_type": "Name", "match_type": "Exact",
				"match_values": []string{"explorer.exe", "bash"}}, []string{"FIN-LT-0042", "srv-01"}},
			{"process CommandLine spelling", map[string]any{"artifact": "Process", "match_value_type": "CommandLine",
				"match_values": []string{`"C:\Windows\Temp\dumper.exe"`}}, []string{"FIN-LT-0042"}},
			{"registry persistence", map[string]any{"artifact": "RegistryKey", "match_value_type": "ValueName", "match_type": "Exact",
				"match_values": []string{"dumper"}}, []string{"FIN-LT-0042"}},
			{"registry file path", map[string]any{"artifact": "RegistryKey", "match_value_type": "FilePath",
				"match_values": []string{"dumper"}}, []string{"FIN-LT-0042"}},
			{"Linux only", map[string]any{"artifact": "Process", "match_value_type": "Name", "match_values": []string{"dumper"},
				"filters": []any{map[string]any{"aspect": "os", "value": "linux"}}}, []string{"srv-01"}},
			{"OS version filter", map[string]any{"artifact": "Process", "match_value_type": "Name", "match_values": []string{"dumper"},
				"filters": []any{map[string]any{"aspect": "OS", "value": "Windows 11"}}}, []string{"FIN-LT-0042"}},
			{"connections", map[string]any{"artifact": "NetworkConnection", "match_value_type": "DestAddr", "match_values": []string{"."}},
				[]string{"FIN-LT-0042", "srv-01"}},
		}
		ids := make([]string, len(tests))
		for i, tt := range tests {
			ids[i] = f.query(h, tt.query)
		}
		h.clock.Advance(agentDone)
		hostOf := map[string]string{hex32(f.laptop): "FIN-LT-0042", hex32(f.server): "srv-01"}
		for i, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				h := h.sub(t)
				_, rows := h.results(f.tok, ids[i])
				var hosts []string
				for _, r := range rows {
					hosts = append(hosts, r.HostName)
					if hostOf[r.DeviceID] != r.HostName || r.Result.Type != h.do(http.MethodGet, "/instaqueries/v2/"+ids[i], f.tok, nil).field("artifact") {
						t.Errorf("row %+v", r)
					}
				}
				if strings.Join(hosts, ",") != strings.Join(tt.hosts, ",") {
					t.Errorf("hosts %v, want %v", hosts, tt.hosts)
				}
			})
		}

		// A connection found by address is found again by its exact
		// address and port; it leaves from the device's address.
		_, conns := h.results(f.tok, ids[len(ids)-1])
		conn := conns[0].Result.Properties
		if conn["SourceAddr"] != "10.20.30.41" || conn["ProcessName"] != "dumper.exe" {
			t.Errorf("connection %v", conn)
		}
		for facet, value := range map[string]string{"DestAddr": conn["DestAddr"], "DestPort": conn["DestPort"]} {
			id := f.query(h, map[string]any{"artifact": "NetworkConnection", "match_value_type": facet, "match_type": "Exact",
				"match_values": []string{value}})
			h.clock.Advance(agentDone)
			if _, rows := h.results(f.tok, id); len(rows) == 0 || rows[0].Result.Properties[facet] != value {
				t.Errorf("%s %s: %v", facet, value, rows)
			}
		}
	})
}

func TestInstaQueryValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		zone := h.createZone(tok, "Finance")
		valid := func(change func(map[string]any)) map[string]any {
			q := map[string]any{"name": "x", "artifact": "File", "match_value_type": "Path", "match_values": []string{"a"},
				"zones": []string{hex32(zone)}}
			change(q)
			return q
		}
		for _, tt := range []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"no name", valid(func(q map[string]any) { delete(q, "name") }), 400, "name"},
			{"no artifact", valid(func(q map[string]any) { delete(q, "artifact") }), 400, "artifact"},
			{"unknown artifact", valid(func(q map[string]any) { q["artifact"] = "Dns" }), 400, "artifact"},
			{"facet of another artifact", valid(func(q map[string]any) { q["match_value_type"] = "DestAddr" }), 400, "match_value_type"},
			{"facet as XSOAR sends a bad one", valid(func(q map[string]any) { q["match_value_type"] = []string{} }), 400, "match_value_type"},
			{"no values", valid(func(q map[string]any) { q["match_values"] = []string{} }), 400, "match_values"},
			{"empty value", valid(func(q map[string]any) { q["match_values"] = []string{"a", " "} }), 400, "match_values[1]"},
			{"match type", valid(func(q map[string]any) { q["match_type"] = "Regex" }), 400, "match_type"},
			{"case_sensitive not a bool", valid(func(q map[string]any) { q["case_sensitive"] = "no" }), 400, "case_sensitive"},
			{"no zones", valid(func(q map[string]any) { delete(q, "zones") }), 400, "zones"},
			{"malformed zone", valid(func(q map[string]any) { q["zones"] = []string{"finance"} }), 400, "zones[0]"},
			{"unknown zone", valid(func(q map[string]any) { q["zones"] = []string{zone, hex32(uuid.NewString())} }), 404, "zones[1]"},
			{"unknown aspect", valid(func(q map[string]any) { q["filters"] = []any{map[string]any{"aspect": "Color", "value": "x"}} }), 400, "filters[0].aspect"},
			{"filter without value", valid(func(q map[string]any) { q["filters"] = []any{map[string]any{"aspect": "OS"}} }), 400, "filters[0].value"},
			{"relation without object", valid(func(q map[string]any) { q["relations"] = []any{map[string]any{"relationship": "originated-from"}} }), 400, "relations[0].object"},
			{"not an object", "[]", 400, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/instaqueries/v2", tok, tt.body).want(tt.status)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		// Another tenant's zone is unknown here.
		h.do(http.MethodPost, "/instaqueries/v2", h.token(h.newTenant("B")), valid(func(map[string]any) {})).want(404)
		if list := h.do(http.MethodGet, "/instaqueries/v2", tok, nil).want(200).json(); list["total_number_of_items"] != 0.0 {
			t.Errorf("refused queries were stored: %v", list)
		}
	})
}

func TestInstaQueryListAndArchive(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		f := h.newSurveyFleet("A")
		focus := "/focus/5E6F7A8B9C0D4E1F8A2B3C4D5E6F7A8B"
		dumper := f.query(h, map[string]any{"name": "Find dumper.exe", "description": "Hunt for credential dumper",
			"artifact": "File", "match_value_type": "Path", "match_values": []string{"dumper.exe"},
			"relations": []any{map[string]any{"object": focus, "relationship": "originated-from"}}})
		h.clock.Advance(time.Second)
		mshta := f.query(h, map[string]any{"name": "mshta", "artifact": "Process", "match_value_type": "Name", "match_values": []string{"MSHTA.EXE"}})
		h.clock.Advance(time.Second)
		ports := f.query(h, map[string]any{"name": "ports", "description": "C2 50% of the time", "artifact": "NetworkConnection",
			"match_value_type": "DestPort", "match_values": []string{"4444"}})

		ids := func(query string) []string {
			t.Helper()
			var out []string
			for _, item := range typed.As[[]any](t, h.do(http.MethodGet, "/instaqueries/v2"+query, f.tok, nil).want(200).json()["page_items"]) {
				out = append(out, typed.As[string](t, typed.As[map[string]any](t, item)["id"]))
			}
			return out
		}
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"", []string{ports, mshta, dumper}},
			{"?q=CREDENTIAL", []string{dumper}},
			{"?q=mshta.exe", []string{mshta}},
			{"?q=50%25", []string{ports}}, // % is a character, not a wildcard
			{"?q=_", nil},
			{"?originated-from=" + strings.ToLower(focus), []string{dumper}},
			{"?originated-from=/focus/other", nil},
			{"?archived=false", []string{ports, mshta, dumper}},
			{"?archived=true", nil},
		} {
			if got := ids(tt.query); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
			}
		}
		page := h.do(http.MethodGet, "/instaqueries/v2?page=2&page_size=2", f.tok, nil).want(200).json()
		if page["total_pages"] != 2.0 || page["total_number_of_items"] != 3.0 || page["page_size"] != 2.0 ||
			typed.As[map[string]any](t, typed.As[[]any](t, page["page_items"])[0])["id"] != dumper {
			t.Errorf("page %v", page)
		}
		h.do(http.MethodGet, "/instaqueries/v2?archived=maybe", f.tok, nil).want(400)
		h.do(http.MethodGet, "/instaqueries/v2?page=0", f.tok, nil).want(400)

		// Archiving hides a query from archived=false; archiving again
		// keeps the first time.
		if res := h.do(http.MethodPost, "/instaqueries/v2/"+mshta+"/archive", f.tok, nil).want(200); len(res.body) != 0 {
			t.Errorf("archive answered %s", res.body)
		}
		archivedAt := h.do(http.MethodGet, "/instaqueries/v2/"+mshta, f.tok, nil).want(200).field("archived_at")
		if archivedAt != h.clock.Now().Format(time.RFC3339) {
			t.Errorf("archived_at %q", archivedAt)
		}
		h.clock.Advance(time.Hour)
		f.tok = h.token(f.tenant) // the last one expired
		h.do(http.MethodPost, "/instaqueries/v2/"+strings.ToLower(mshta)+"/archive", f.tok, nil).want(200)
		if again := h.do(http.MethodGet, "/instaqueries/v2/"+mshta, f.tok, nil).field("archived_at"); again != archivedAt {
			t.Errorf("archived again: %q, was %q", again, archivedAt)
		}
		if got := ids("?archived=false"); strings.Join(got, ",") != ports+","+dumper {
			t.Errorf("archived=false: %v", got)
		}
		if got := ids("?archived=true&q=MSHTA"); strings.Join(got, ",") != mshta {
			t.Errorf("archived=true: %v", got)
		}
		h.do(http.MethodPost, "/instaqueries/v2/"+uuid.NewString()+"/archive", f.tok, nil).want(404)
		h.do(http.MethodPost, "/instaqueries/v2/"+dumper+"/archive", h.token(h.newTenant("B")), nil).want(404)
		if got := ids(""); len(got) != 3 {
			t.Errorf("another tenant's archive changed the list: %v", got)
		}

		h.wantScope(f.tenant, http.MethodGet, "/instaqueries/v2", wolfden.ScopeOpticsSurveyList, nil)
		h.wantScope(f.tenant, http.MethodPost, "/instaqueries/v2", wolfden.ScopeOpticsSurveyCreate, map[string]any{"name": "x",
			"artifact": "File", "match_value_type": "Path", "match_values": []string{"a"}, "zones": []string{f.zone}})
		h.wantScope(f.tenant, http.MethodGet, "/instaqueries/v2/"+dumper, wolfden.ScopeOpticsSurveyRead, nil)
		h.wantScope(f.tenant, http.MethodGet, "/instaqueries/v2/"+dumper+"/results", wolfden.ScopeOpticsSurveyRead, nil)
		h.do(http.MethodPost, "/instaqueries/v2/"+dumper+"/archive", h.token(h.newApp(f.tenant, wolfden.ScopeOpticsSurveyDelete)), nil).want(200)
		h.do(http.MethodPost, "/instaqueries/v2/"+dumper+"/archive", h.token(h.newApp(f.tenant, wolfden.ScopeOpticsSurveyUpdate)), nil).want(200)
		h.do(http.MethodPost, "/instaqueries/v2/"+dumper+"/archive", h.token(h.newApp(f.tenant, wolfden.ScopeOpticsSurveyRead)), nil).want(403)

		// XSOAR asks for its token with scp as a JSON array.
		c := h.claims(f.tenant)
		c["scp"] = []string{"opticssurvey:create", "opticssurvey:read"}
		xsoar := h.tokenFor(c, f.tenant.app.Secret)
		h.do(http.MethodGet, "/instaqueries/v2/"+dumper+"/results", xsoar, nil).want(200)
		h.do(http.MethodGet, "/instaqueries/v2", xsoar, nil).want(403)
	})
}
