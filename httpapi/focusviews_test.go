package httpapi_test

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// focusGraph is a focus view's results, decoded.
type focusGraph struct {
	status    string
	artifacts []map[string]any
	events    []map[string]any
}

func (h *harness) focusResults(tok, id string) focusGraph {
	h.t.Helper()
	res := h.do(http.MethodGet, "/foci/v2/"+id+"/results", tok, nil).want(200).json()
	g := focusGraph{status: typed.As[string](h.t, res["status"])}
	for _, a := range typed.As[[]any](h.t, res["artifacts"]) {
		g.artifacts = append(g.artifacts, typed.As[map[string]any](h.t, a))
	}
	for _, e := range typed.As[[]any](h.t, res["events"]) {
		g.events = append(g.events, typed.As[map[string]any](h.t, e))
	}
	if res["id"] != id {
		h.t.Errorf("results id %v, want %s", res["id"], id)
	}
	return g
}

// ofType returns the properties of the graph's artifacts of a type.
func (g focusGraph) ofType(t testing.TB, typ string) []map[string]any {
	var out []map[string]any
	for _, a := range g.artifacts {
		if a["Type"] == typ {
			out = append(out, typed.As[map[string]any](t, a["Properties"]))
		}
	}
	return out
}

func TestFocusViews(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		f := h.newSurveyFleet("A")

		// The dropper's process on the laptop, as an InstaQuery finds it.
		query := f.query(h, map[string]any{"artifact": "Process", "match_value_type": "Name", "match_type": "Exact",
			"match_values": []string{"dumper.exe"}})
		h.clock.Advance(agentDone)
		_, rows := h.results(f.tok, query)
		if len(rows) != 1 {
			t.Fatalf("process rows %v", rows)
		}
		process := rows[0].Result.UID

		created := h.do(http.MethodPost, "/foci/v2", f.tok, map[string]any{"device_id": f.laptop, "artifact_type": "process",
			"artifact_subtype": "uid", "value": process, "threat_type": "", "description": "Trace dumper chain on FIN-LT-0042"}).want(200).json()
		id, _ := created["id"].(string)
		want := map[string]any{"device_id": hex32(f.laptop), "artifact_type": "Process", "artifact_subtype": "Uid", "value": process,
			"threat_type": "", "description": "Trace dumper chain on FIN-LT-0042", "status": "pending"}
		for k, v := range want {
			if created[k] != v {
				t.Errorf("created %s = %v, want %v", k, created[k], v)
			}
		}
		if !opticsID.MatchString(id) || !rfc3339Z.MatchString(typed.As[string](t, created["created_at"])) || len(created) != 9 {
			t.Fatalf("created %v", created)
		}
		if g := h.focusResults(f.tok, id); g.status != "pending" || len(g.artifacts) != 0 || len(g.events) != 0 {
			t.Fatalf("results before the agent answered: %+v", g)
		}
		h.clock.Advance(3 * time.Second)
		if got := h.do(http.MethodGet, "/foci/v2/"+strings.ToLower(id), f.tok, nil).want(200).json(); got["status"] != "running" {
			t.Errorf("picked up: %v", got)
		}
		h.clock.Advance(agentDone)
		if got := h.do(http.MethodGet, "/foci/v2/"+id, f.tok, nil).want(200).json(); got["status"] != "done" {
			t.Errorf("done: %v", got)
		}

		// The graph: the device, the session that started the dropper, its
		// file, its connection from the device's address and its Run key.
		g := h.focusResults(f.tok, id)
		if g.status != "done" {
			t.Fatalf("status %s", g.status)
		}
		device := g.ofType(t, "Device")
		if len(device) != 1 || device[0]["HostName"] != "FIN-LT-0042" || device[0]["DeviceId"] != hex32(f.laptop) ||
			device[0]["IPAddresses"] != "10.20.30.41" {
			t.Errorf("device %v", device)
		}
		var names []string
		for _, p := range g.ofType(t, "Process") {
			names = append(names, typed.As[string](t, p["Name"]))
		}
		if strings.Join(names, ",") != "userinit.exe,explorer.exe,dumper.exe" {
			t.Errorf("process tree %v", names)
		}
		files, conns, keys := g.ofType(t, "File"), g.ofType(t, "NetworkConnection"), g.ofType(t, "RegistryKey")
		if len(files) != 1 || files[0]["Path"] != `C:\Windows\Temp\dumper.exe` || len(conns) != 1 || conns[0]["SourceAddr"] != "10.20.30.41" ||
			len(keys) != 1 || keys[0]["ValueName"] != "dumper" {
			t.Errorf("files %v, connections %v, keys %v", files, conns, keys)
		}
		verbs := map[string]int{}
		uids := map[string]bool{}
		for _, a := range g.artifacts {
			uids[typed.As[string](t, a["Uid"])] = true
		}
		for _, e := range g.events {
			verbs[typed.As[string](t, e["Verb"])]++
			if !uids[typed.As[string](t, e["SourceUid"])] || !uids[typed.As[string](t, e["TargetUid"])] {
				t.Errorf("event %v links artifacts outside the graph", e)
			}
		}
		if verbs["Start"] != 2 || verbs["Write"] != 1 || verbs["Connect"] != 1 || verbs["SetValue"] != 1 {
			t.Errorf("events %v", verbs)
		}
		first := h.do(http.MethodGet, "/foci/v2/"+id+"/results", f.tok, nil).body
		if again := h.do(http.MethodGet, "/foci/v2/"+id+"/results", f.tok, nil).body; string(again) != string(first) {
			t.Errorf("results differ:\n%s\n%s", first, again)
		}

		shell := ""
		for _, a := range g.artifacts {
			if typed.As[map[string]any](t, a["Properties"])["Name"] == "explorer.exe" {
				shell = typed.As[string](t, a["Uid"])
			}
		}
		// The same process named in hexadecimal, a threat named by its
		// SHA-256, an OS process, and an artifact the device does not have.
		raw, _ := base64.StdEncoding.DecodeString(process)
		for _, tt := range []struct {
			name, device, typ, value string
			processes, files         int
		}{
			{"hex UID", hex32(f.laptop), "Process", strings.ToUpper(hex.EncodeToString(raw)), 3, 1},
			{"Protect by SHA-256", f.server, "Protect", f.sha, 3, 1},
			{"the shell", f.laptop, "Process", shell, 3, 2},
			{"not on this device", f.server, "Process", process, 0, 0},
		} {
			t.Run(tt.name, func(t *testing.T) {
				h := h.sub(t)
				view := h.do(http.MethodPost, "/foci/v2", f.tok, map[string]any{"device_id": tt.device, "artifact_type": tt.typ,
					"artifact_subtype": "Uid", "value": tt.value}).want(200).field("id")
				h.clock.Advance(agentDone)
				g := h.focusResults(f.tok, view)
				if g.status != "done" || len(g.ofType(t, "Process")) != tt.processes || len(g.ofType(t, "File")) != tt.files {
					t.Errorf("graph %+v", g)
				}
			})
		}

		// An offline device never answers.
		f.tok = h.token(f.tenant)
		offline := h.do(http.MethodPost, "/foci/v2", f.tok, map[string]any{"device_id": f.offline, "artifact_type": "File",
			"artifact_subtype": "Uid", "value": process}).want(200).field("id")
		h.clock.Advance(time.Hour)
		f.tok = h.token(f.tenant)
		if g := h.focusResults(f.tok, offline); g.status != "pending" || len(g.artifacts) != 0 {
			t.Errorf("offline device answered %+v", g)
		}

		// Other tenants and unknown ids.
		other := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/foci/v2/"+id, other, nil).want(404)
		h.do(http.MethodGet, "/foci/v2/"+id+"/results", other, nil).want(404)
		h.do(http.MethodGet, "/foci/v2/"+hex32(uuid.NewString()), f.tok, nil).want(404)
		h.do(http.MethodPost, "/foci/v2", other, map[string]any{"device_id": f.laptop, "artifact_type": "Process",
			"artifact_subtype": "Uid", "value": process}).want(404)

		// A device that is deleted takes its views along.
		h.do(http.MethodDelete, "/control/v1/tenants/"+f.tenant.id.String()+"/agentdata", adminToken, nil).want(200)
		h.do(http.MethodGet, "/foci/v2/"+id, f.tok, nil).want(404)
	})
}

func TestFocusViewValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "fin-01"})
		valid := func(change func(map[string]any)) map[string]any {
			v := map[string]any{"device_id": device, "artifact_type": "Process", "artifact_subtype": "Uid", "value": "7A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B"}
			change(v)
			return v
		}
		for _, tt := range []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"no device", valid(func(v map[string]any) { delete(v, "device_id") }), 400, "device_id"},
			{"malformed device", valid(func(v map[string]any) { v["device_id"] = "fin-01" }), 400, "device_id"},
			{"unknown device", valid(func(v map[string]any) { v["device_id"] = hex32(uuid.NewString()) }), 404, "device_id"},
			{"artifact type", valid(func(v map[string]any) { v["artifact_type"] = "Dns" }), 400, "artifact_type"},
			{"no artifact type", valid(func(v map[string]any) { delete(v, "artifact_type") }), 400, "artifact_type"},
			{"subtype", valid(func(v map[string]any) { v["artifact_subtype"] = "Sha256" }), 400, "artifact_subtype"},
			{"no subtype", valid(func(v map[string]any) { delete(v, "artifact_subtype") }), 400, "artifact_subtype"},
			{"no value", valid(func(v map[string]any) { v["value"] = " " }), 400, "value"},
			{"value not a string", valid(func(v map[string]any) { v["value"] = 7 }), 400, "value"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/foci/v2", tok, tt.body).want(tt.status)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		if list := h.do(http.MethodGet, "/foci/v2", tok, nil).want(200).json(); list["total_number_of_items"] != 0.0 {
			t.Errorf("refused views were stored: %v", list)
		}
	})
}

func TestFocusViewListAndSearch(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		laptop, server := h.register(a, map[string]any{"host_name": "FIN-LT-0042"}), h.register(a, map[string]any{"host_name": "srv-01"})
		uid := "ehw+W50vSmyOCx0/WnyeGw==" // 7A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B in base64
		create := func(device, value, description string) string {
			h.clock.Advance(time.Second)
			return h.do(http.MethodPost, "/foci/v2", tok, map[string]any{"device_id": device, "artifact_type": "Process",
				"artifact_subtype": "Uid", "value": value, "description": description}).want(200).field("id")
		}
		mshta := create(hex32(laptop), uid, "Trace mshta chain on FIN-LT-0042")
		sameOnServer := create(server, uid, "")
		other := create(laptop, "9B8C7D6E5F4A3B2C1D0E9F8A7B6C5D4E", "100% pure")

		ids := func(items []any) []string {
			var out []string
			for _, item := range items {
				out = append(out, typed.As[string](t, typed.As[map[string]any](t, item)["id"]))
			}
			return out
		}
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"", []string{other, sameOnServer, mshta}},
			{"?q=MSHTA", []string{mshta}},
			{"?q=7a1c3e", nil}, // the value is searched as sent, in base64
			{"?q=ehw%2B", []string{sameOnServer, mshta}},
			{"?q=100%25", []string{other}},
			{"?page=2&page_size=2", []string{mshta}},
		} {
			res := h.do(http.MethodGet, "/foci/v2"+tt.query, tok, nil).want(200)
			if got := ids(typed.As[[]any](t, res.json()["page_items"])); strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("%s: %v, want %v", tt.query, got, tt.want)
			}
		}
		h.do(http.MethodGet, "/foci/v2?page_size=x", tok, nil).want(400)

		// Search by UID, in either form, on a device in either form.
		for _, tt := range []struct {
			name string
			body any
			want []string
		}{
			{"hex UID", []any{map[string]any{"uid": "7A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B", "device_id": hex32(laptop)}}, []string{mshta}},
			{"base64 UID, two devices", []any{map[string]any{"uid": uid, "device_id": laptop},
				map[string]any{"uid": strings.ToLower("7A1C3E5B9D2F4A6C8E0B1D3F5A7C9E1B"), "device_id": server}}, []string{sameOnServer, mshta}},
			{"base64 UID upper-cased, as python-cyapi sends it", []any{map[string]any{"uid": strings.ToUpper(uid), "device_id": hex32(laptop)}}, []string{mshta}},
			{"other value", []any{map[string]any{"uid": "9B8C7D6E5F4A3B2C1D0E9F8A7B6C5D4E", "device_id": laptop}}, []string{other}},
			{"unknown device", []any{map[string]any{"uid": uid, "device_id": hex32(uuid.NewString())}}, nil},
			{"nothing", []any{}, nil},
		} {
			t.Run(tt.name, func(t *testing.T) {
				h := h.sub(t)
				res := h.do(http.MethodPost, "/foci/v2/search", tok, tt.body).want(200)
				var items []any
				if err := json.Unmarshal(res.body, &items); err != nil {
					t.Fatalf("search answered %s", res.body)
				}
				if got := ids(items); strings.Join(got, ",") != strings.Join(tt.want, ",") {
					t.Errorf("%v, want %v", got, tt.want)
				}
			})
		}
		for _, tt := range []struct {
			name  string
			body  any
			field string
		}{
			{"an object", map[string]any{"uid": uid}, ""},
			{"malformed device", []any{map[string]any{"uid": uid, "device_id": "srv-01"}}, "[0].device_id"},
			{"no uid", []any{map[string]any{"uid": uid, "device_id": laptop}, map[string]any{"device_id": laptop}}, "[1].uid"},
			{"not JSON", "[{", "[0]"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/foci/v2/search", tok, tt.body).want(400)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		if res := h.do(http.MethodPost, "/foci/v2/search", h.token(h.newTenant("B")), []any{map[string]any{"uid": uid, "device_id": laptop}}).want(200); string(res.body) != "[]" {
			t.Errorf("another tenant found %s", res.body)
		}

		h.wantScope(a, http.MethodGet, "/foci/v2", wolfden.ScopeOpticsFocusList, nil)
		h.wantScope(a, http.MethodGet, "/foci/v2/"+mshta, wolfden.ScopeOpticsFocusRead, nil)
		h.wantScope(a, http.MethodGet, "/foci/v2/"+mshta+"/results", wolfden.ScopeOpticsFocusRead, nil)
		h.wantScope(a, http.MethodPost, "/foci/v2/search", wolfden.ScopeOpticsFocusRead, []any{})
		h.wantScope(a, http.MethodPost, "/foci/v2", wolfden.ScopeOpticsFocusCreate, map[string]any{"device_id": laptop,
			"artifact_type": "Process", "artifact_subtype": "Uid", "value": uid})
	})
}
