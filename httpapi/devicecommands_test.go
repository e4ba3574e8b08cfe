package httpapi_test

import (
	"archive/zip"
	"bytes"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// opticsForm writes a device id the way OPTICS routes print it.
func opticsForm(id string) string { return strings.ToUpper(strings.ReplaceAll(id, "-", "")) }

// setState plays a device's agent connecting or disconnecting.
func (h *harness) setState(tn tenant, device, state string) {
	h.t.Helper()
	h.do(http.MethodPut, "/control/v1/tenants/"+tn.id.String()+"/devices/"+device+"/state", adminToken,
		map[string]any{"state": state}).want(200)
}

func TestLockdown(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "FIN-LT-0042", "agent_version": "3.3.1200",
			"os_version": "Microsoft Windows 11 Pro"})
		path := "/devicecommands/v2/" + opticsForm(device) + "/lockdown"

		never := h.do(http.MethodGet, path, tok, nil).want(200).json()
		want := map[string]any{"id": opticsForm(device), "hostname": "FIN-LT-0042", "tenant_id": a.id.String(),
			"connection_status": "online", "optics_device_version": "3.3.1200", "password": nil,
			"lockdown_initiated": nil, "lockdown_expiration": nil}
		for k, v := range want {
			if never[k] != v {
				t.Errorf("never locked: %s = %#v, want %#v", k, never[k], v)
			}
		}
		if hist, ok := never["lockdown_history"].([]any); !ok || len(hist) != 0 {
			t.Errorf("never locked: history %#v, want []", never["lockdown_history"])
		}

		// Lock for an hour, through the hyphenated id.
		start := h.clock.Now()
		locked := h.do(http.MethodPut, "/devicecommands/v2/"+device+"/lockdown?value=true&expires=0:01:00", tok, nil).want(200).json()
		if locked["id"] != opticsForm(device) || locked["lockdown_initiated"] != start.Format(time.RFC3339) ||
			locked["lockdown_expiration"] != start.Add(time.Hour).Format(time.RFC3339) || locked["lockdown_config_id"] != 1.0 ||
			locked["lockdown_type"] != "Lockdown" {
			t.Fatalf("lockdown answered %v", locked)
		}
		password, _ := locked["password"].(string)
		if !regexp.MustCompile(`^[0-9A-Za-z]{4}-[0-9A-Za-z]{4}$`).MatchString(password) {
			t.Errorf("password %q", password)
		}
		hist := typed.As[[]any](t, locked["lockdown_history"])
		if e := typed.As[map[string]any](t, hist[0]); len(hist) != 1 || e["user_id"] != a.app.ID.String() || e["command"] != "lockdown" ||
			e["timestamp"] != start.Format(time.RFC3339) {
			t.Errorf("history %v", hist)
		}
		h.clock.Advance(30 * time.Minute)
		tok = h.token(a)
		res := h.do(http.MethodPut, path+"?expires=0:00:10", tok, nil).want(409) // value defaults to true
		if !strings.Contains(res.field("message"), "locked down until") {
			t.Errorf("conflict message %s", res.body)
		}

		// Past the expiry the device is no longer locked; the lockdown
		// stays on record.
		h.clock.Advance(31 * time.Minute)
		tok = h.token(a)
		after := h.do(http.MethodGet, path, tok, nil).want(200).json()
		if after["lockdown_expiration"] != start.Add(time.Hour).Format(time.RFC3339) || after["password"] != password ||
			len(typed.As[[]any](t, after["lockdown_history"])) != 1 {
			t.Errorf("after expiry %v", after)
		}
		h.do(http.MethodPut, path+"?value=false", tok, nil).want(409) // nothing to lift

		// python-cyapi locks with GET; value=false lifts early.
		relock := h.clock.Now()
		again := h.do(http.MethodGet, path+"?value=true&expires=3:00:00", tok, nil).want(200).json()
		if again["lockdown_expiration"] != relock.Add(72*time.Hour).Format(time.RFC3339) || again["password"] == password {
			t.Errorf("relock %v", again)
		}
		h.clock.Advance(time.Hour)
		tok = h.token(a)
		lifted := h.do(http.MethodPut, path+"?value=false", tok, nil).want(200).json()
		var commands []string
		for _, e := range typed.As[[]any](t, lifted["lockdown_history"]) {
			commands = append(commands, typed.As[string](t, typed.As[map[string]any](t, e)["command"]))
		}
		if lifted["lockdown_expiration"] != h.clock.Now().Format(time.RFC3339) || strings.Join(commands, ",") != "lockdown,lockdown,unlock" {
			t.Errorf("lifted %v", lifted)
		}

		// The documented body: its expiry when the query has none, its
		// configuration kept.
		body := map[string]any{"lockdown_config_id": 7, "lockdown_type": "Lockdown", "expires": "0:00:05", "parameters": map[string]any{"Network": map[string]any{}}}
		withBody := h.do(http.MethodPut, path, tok, body).want(200).json()
		if withBody["lockdown_config_id"] != 7.0 || withBody["lockdown_expiration"] != h.clock.Now().Add(5*time.Minute).Format(time.RFC3339) {
			t.Errorf("body lockdown %v", withBody)
		}

		other := h.register(a, map[string]any{"host_name": "srv-01", "state": "Offline"})
		otherPath := "/devicecommands/v2/" + opticsForm(other) + "/lockdown"
		for _, tt := range []struct {
			name, query string
			body        any
			field       string
		}{
			{"too short", "?expires=0:00:04", nil, "expires"},
			{"too long", "?expires=3:00:01", nil, "expires"},
			{"four days", "?expires=4:00:00", nil, "expires"},
			{"24 hours", "?expires=1:24:00", nil, "expires"},
			{"60 minutes", "?expires=0:00:60", nil, "expires"},
			{"not a duration", "?expires=1h", nil, "expires"},
			{"no expiry", "?value=true", nil, "expires"},
			{"bad value", "?value=maybe&expires=0:01:00", nil, "value"},
			{"bad config", "?expires=0:01:00", map[string]any{"lockdown_config_id": 0}, "lockdown_config_id"},
			{"config not a number", "?expires=0:01:00", map[string]any{"lockdown_config_id": "one"}, "lockdown_config_id"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPut, otherPath+tt.query, tok, tt.body).want(400)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		if st := h.do(http.MethodGet, otherPath, tok, nil).want(200).json(); st["connection_status"] != "offline" || st["password"] != nil {
			t.Errorf("the refused requests changed %v", st)
		}

		h.do(http.MethodGet, "/devicecommands/v2/"+opticsForm(uuid.NewString())+"/lockdown", tok, nil).want(404)
		h.do(http.MethodPut, "/devicecommands/v2/not-a-device/lockdown?expires=0:01:00", tok, nil).want(404)
		otherTok := h.token(h.newTenant("B"))
		h.do(http.MethodGet, path, otherTok, nil).want(404)
		h.do(http.MethodPut, otherPath+"?expires=0:01:00", otherTok, nil).want(404)

		h.wantScope(a, http.MethodGet, otherPath, wolfden.ScopeOpticsCommandRead, nil)
		h.wantScope(a, http.MethodPut, otherPath+"?expires=0:00:05", wolfden.ScopeOpticsCommandCreate, nil)
		h.clock.Advance(5 * time.Minute) // the lockdown above expires
		h.wantScope(a, http.MethodGet, otherPath+"?value=true&expires=0:00:05", wolfden.ScopeOpticsCommandCreate, nil)
	})
}

func TestFileRetrieval(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		win := h.register(a, map[string]any{"host_name": "FIN-LT-0042", "os_version": "Microsoft Windows 11 Pro"})
		lin := h.register(a, map[string]any{"host_name": "db-01", "os_version": "Ubuntu 22.04"})
		invoice := `C:\Users\jrivera\Downloads\invoice_2024.exe`
		getfile := func(device, path string) map[string]any {
			t.Helper()
			return typed.As[map[string]any](t, h.do(http.MethodPost, "/devicecommands/v2/"+device+"/getfile", tok, map[string]any{"file_path": path}).want(200).json()["data"])
		}
		status := func(device, path string) map[string]any {
			t.Helper()
			return typed.As[map[string]any](t, h.do(http.MethodPost, "/devicecommands/v2/"+device+"/getfile:get", tok, map[string]any{"file_path": path}).want(200).json()["data"])
		}

		requested := h.clock.Now()
		first := getfile(opticsForm(win), invoice)
		want := map[string]any{"tenant_id": a.id.String(), "user_id": a.app.ID.String(), "user_login": a.app.Name,
			"device_id": opticsForm(win), "hostname": "FIN-LT-0042", "created_at": requested.Format(time.RFC3339), "filepath": invoice,
			"file_status": "PENDING", "file_status_description": "", "download_url": nil, "password": nil, "md5": nil, "sha1": nil, "sha256": nil}
		for k, v := range want {
			if first[k] != v {
				t.Errorf("request: %s = %#v, want %#v", k, first[k], v)
			}
		}
		correlation, _ := first["correlation_id"].(string)
		if !opticsID.MatchString(correlation) {
			t.Errorf("correlation_id %q", correlation)
		}
		// Asked again while pending, the same request answers.
		h.clock.Advance(time.Second)
		if again := getfile(win, invoice); again["correlation_id"] != correlation {
			t.Errorf("a second request while pending made %v", again["correlation_id"])
		}
		h.clock.Advance(2 * time.Second) // picked up, not finished
		if got := status(win, invoice); got["file_status"] != "PENDING" || got["correlation_id"] != correlation {
			t.Errorf("running: %v", got)
		}
		h.clock.Advance(8 * time.Second)
		done := status(opticsForm(win), invoice)
		if done["file_status"] != "AVAILABLE" || done["correlation_id"] != correlation || done["file_status_description"] != "" {
			t.Fatalf("completed: %v", done)
		}
		for k, n := range map[string]int{"md5": 32, "sha1": 40, "sha256": 64} {
			if v, _ := done[k].(string); !regexp.MustCompile(`^[0-9A-F]{` + strconv.Itoa(n) + `}$`).MatchString(v) {
				t.Errorf("%s = %#v", k, done[k])
			}
		}
		url, _ := done["download_url"].(string)
		if !strings.HasPrefix(url, h.url+"/retrieved/") || done["password"] == nil {
			t.Fatalf("download_url %q, password %v", url, done["password"])
		}
		code, archive := h.fetch(url)
		if code != 200 {
			t.Fatalf("download: %d %s", code, archive)
		}
		zr, err := zip.NewReader(bytes.NewReader(archive), int64(len(archive)))
		if err != nil || len(zr.File) != 1 || zr.File[0].Name != "invoice_2024.exe" || zr.File[0].Flags&0x1 == 0 {
			t.Fatalf("archive %v, %v: want one encrypted invoice_2024.exe", zr, err)
		}
		if code, _ := h.fetch(strings.Replace(url, "sig=", "sig=0", 1)); code != 404 {
			t.Errorf("a tampered link: %d", code)
		}
		// The same file retrieved again has the same hashes.
		second := getfile(win, invoice)
		if second["correlation_id"] == correlation || second["file_status"] != "PENDING" {
			t.Errorf("a request after the outcome: %v", second)
		}
		h.clock.Advance(10 * time.Second)
		if again := status(win, invoice); again["correlation_id"] != second["correlation_id"] || again["sha256"] != done["sha256"] {
			t.Errorf("second retrieval %v; want the hashes of the first, %v", again, done["sha256"])
		}
		h.clock.Advance(11 * time.Minute)
		if code, _ := h.fetch(url); code != 404 {
			t.Errorf("an expired link: %d", code)
		}

		// What the device has: the path must suit its system, and a
		// threat its agent quarantined is gone.
		h.reportThreat(a, win, map[string]any{"sha256": strings.Repeat("ab", 32), "file_path": `C:\Temp\dropper.exe`, "file_status": "Quarantined"})
		h.reportThreat(a, win, map[string]any{"sha256": strings.Repeat("cd", 32), "file_path": `C:\Temp\tool.exe`})
		cases := []struct{ device, path, status, mentions string }{
			{win, `C:\Temp\dropper.exe`, "DOES_NOT_EXIST", "Quarantined"},
			{win, `C:\Temp\tool.exe`, "AVAILABLE", ""},
			{win, "/etc/hosts", "DOES_NOT_EXIST", "Windows"},
			{lin, `D:\data\x.db`, "DOES_NOT_EXIST", "Ubuntu"},
			{lin, "/etc/passwd", "AVAILABLE", ""},
			{win, `\\fileserver\share\q3.xlsx`, "AVAILABLE", ""},
		}
		for _, c := range cases {
			getfile(c.device, c.path)
			h.clock.Advance(time.Second)
		}
		h.clock.Advance(10 * time.Second)
		tok = h.token(a)
		for _, c := range cases {
			got := status(c.device, c.path)
			if got["file_status"] != c.status || !strings.Contains(typed.As[string](t, got["file_status_description"]), c.mentions) ||
				(c.status == "DOES_NOT_EXIST") != (got["download_url"] == nil) {
				t.Errorf("%s: %v, want %s", c.path, got, c.status)
			}
		}

		if got := status(lin, " /etc/passwd "); got["file_status"] != "AVAILABLE" { // spaces trimmed, as on request
			t.Errorf("a path with spaces around: %v", got)
		}

		// Offline devices do not answer.
		off := h.register(a, map[string]any{"host_name": "away-01", "state": "Offline"})
		getfile(off, "/home/x/notes.txt")
		h.clock.Advance(time.Second)
		leaving := h.register(a, map[string]any{"host_name": "leaving-01"})
		getfile(leaving, "/home/x/notes.txt")
		h.clock.Advance(3 * time.Second)
		h.setState(a, leaving, "Offline")
		h.clock.Advance(time.Hour)
		tok = h.token(a)
		for _, d := range []string{off, leaving} {
			if got := status(d, "/home/x/notes.txt"); got["file_status"] != "PENDING" {
				t.Errorf("offline device answered: %v", got)
			}
		}
		h.setState(a, leaving, "Online")
		if got := status(leaving, "/home/x/notes.txt"); got["file_status"] != "AVAILABLE" {
			t.Errorf("back online: %v", got)
		}

		for _, tt := range []struct {
			name, route string
			body        any
			status      int
			field       string
		}{
			{"no path", "getfile", map[string]any{}, 400, "file_path"},
			{"relative path", "getfile", map[string]any{"file_path": `Downloads\x.exe`}, 400, "file_path"},
			{"a folder", "getfile", map[string]any{"file_path": `C:\Users\`}, 400, "file_path"},
			{"path not a string", "getfile", map[string]any{"file_path": 7}, 400, "file_path"},
			{"no path to check", "getfile:get", map[string]any{}, 400, "file_path"},
			{"never requested", "getfile:get", map[string]any{"file_path": `C:\never.txt`}, 404, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/devicecommands/v2/"+opticsForm(win)+"/"+tt.route, tok, tt.body).want(tt.status)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		h.do(http.MethodPost, "/devicecommands/v2/"+opticsForm(uuid.NewString())+"/getfile", tok, map[string]any{"file_path": "/x"}).want(404)
		h.do(http.MethodPost, "/devicecommands/v2/"+opticsForm(uuid.NewString())+"/getfile:get", tok, map[string]any{"file_path": "/x"}).want(404)
		otherTok := h.token(h.newTenant("B"))
		h.do(http.MethodPost, "/devicecommands/v2/"+opticsForm(win)+"/getfile:get", otherTok, map[string]any{"file_path": invoice}).want(404)
		h.do(http.MethodPost, "/devicecommands/v2/"+opticsForm(win)+"/getfile", otherTok, map[string]any{"file_path": invoice}).want(404)
		if l := h.do(http.MethodGet, "/devicecommands/v2/retrieved_files", otherTok, nil).want(200).json(); l["total_number_of_items"] != 0.0 {
			t.Errorf("another tenant's history: %v", l)
		}

		// The history: newest first, items not wrapped, q on path and host.
		list := h.do(http.MethodGet, "/devicecommands/v2/retrieved_files", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["page_items"])
		if list["total_number_of_items"] != 10.0 || list["page_size"] != 20.0 || len(items) != 10 {
			t.Fatalf("history %v", list)
		}
		if newest := typed.As[map[string]any](t, items[0]); newest["hostname"] != "leaving-01" || newest["file_status"] != "AVAILABLE" || newest["data"] != nil {
			t.Errorf("newest %v", newest)
		}
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"?q=FIN-lt", []string{`\\fileserver\share\q3.xlsx`, "/etc/hosts", `C:\Temp\tool.exe`, `C:\Temp\dropper.exe`, invoice, invoice}},
			{"?q=ETC&sort=filepath", []string{"/etc/hosts", "/etc/passwd"}},
			{"?q=etc&sort=-filepath", []string{"/etc/passwd", "/etc/hosts"}},
			{"?q=notes&sort=hostname", []string{"/home/x/notes.txt", "/home/x/notes.txt"}},
			{"?q=temp&sort=created_at&page=2&page_size=1", []string{`C:\Temp\tool.exe`}},
		} {
			res := h.do(http.MethodGet, "/devicecommands/v2/retrieved_files"+tt.query, tok, nil).want(200).json()
			var got []string
			for _, it := range typed.As[[]any](t, res["page_items"]) {
				got = append(got, typed.As[string](t, typed.As[map[string]any](t, it)["filepath"]))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("%s: %q, want %q", tt.query, got, tt.want)
			}
		}
		if got := typed.As[[]any](t, h.do(http.MethodGet, "/devicecommands/v2/retrieved_files?q=notes&sort=hostname", tok, nil).want(200).json()["page_items"]); typed.As[map[string]any](t, got[0])["hostname"] != "away-01" {
			t.Errorf("by host name: %v", got)
		}
		if f := h.do(http.MethodGet, "/devicecommands/v2/retrieved_files?sort=password", tok, nil).want(400).field("field"); f != "sort" {
			t.Errorf("bad sort: field %q", f)
		}
		h.do(http.MethodGet, "/devicecommands/v2/retrieved_files?page=0", tok, nil).want(400)

		h.wantScope(a, http.MethodGet, "/devicecommands/v2/retrieved_files", wolfden.ScopeOpticsCommandRead, nil)
		h.wantScope(a, http.MethodPost, "/devicecommands/v2/"+opticsForm(lin)+"/getfile", wolfden.ScopeOpticsCommandCreate, map[string]any{"file_path": "/tmp/a"})
		h.wantScope(a, http.MethodPost, "/devicecommands/v2/"+opticsForm(lin)+"/getfile:get", wolfden.ScopeOpticsCommandRead, map[string]any{"file_path": "/tmp/a"})
	})
}
