package httpapi_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// journalOf answers GET /control/v1/journal with query.
func (h *harness) journalOf(query string) (entries []map[string]any, page map[string]any) {
	h.t.Helper()
	page = h.do(http.MethodGet, "/control/v1/journal"+query, adminToken, nil).want(200).json()
	for _, e := range typed.As[[]any](h.t, page["entries"]) {
		entries = append(entries, typed.As[map[string]any](h.t, e))
	}
	return entries, page
}

// lines are entries as "METHOD path status", for comparing.
func lines(entries []map[string]any) string {
	var s []string
	for _, e := range entries {
		s = append(s, fmt.Sprintf("%s %s %v", e["method"], e["path"], e["status"]))
	}
	return strings.Join(s, "\n")
}

func TestJournal(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken, journal: journal.New(100, 0)})
		a, other := h.newTenant("A"), h.newTenant("B")
		sha := strings.Repeat("ab", 32)
		var devices []string
		for i := range 3 {
			d := h.register(a, map[string]any{"host_name": fmt.Sprintf("fin-lt-%d", i)})
			h.reportThreat(a, d, map[string]any{"sha256": sha, "file_path": `C:\Temp\dropper.exe`})
			devices = append(devices, d)
		}
		if entries, page := h.journalOf(""); len(entries) != 0 || page["last_seq"] != 0.0 {
			t.Fatalf("the control plane was recorded: %v", page)
		}

		// The playbook: a token exchange, three quarantines, a mistake.
		tok := h.token(a)
		for _, d := range devices {
			h.do(http.MethodPost, "/devices/v2/"+d+"/threats", tok, map[string]any{"threat_id": sha, "event": "Quarantine"}).want(200)
		}
		h.do(http.MethodGet, "/devices/v2/"+devices[0]+"?page=1", tok, nil).want(200)
		h.do(http.MethodGet, "/devices/v2/not-a-device", tok, nil).want(404)
		h.clock.Advance(time.Minute)
		h.do(http.MethodGet, "/devices/v2", h.token(other), nil).want(200)

		all, page := h.journalOf("?order=oldest")
		if page["first_seq"] != 1.0 || page["last_seq"] != 8.0 || page["more"] != false {
			t.Fatalf("journal %v", page)
		}
		quarantine := all[1]
		want := map[string]any{"seq": 2.0, "method": "POST", "path": "/devices/v2/" + devices[0] + "/threats",
			"route": "/devices/v2/{device}/threats", "status": 200.0, "tenant_id": a.id.String(), "app_id": a.app.ID.String()}
		for k, v := range want {
			if quarantine[k] != v {
				t.Errorf("entry %s = %#v, want %#v", k, quarantine[k], v)
			}
		}
		req := typed.As[map[string]any](t, quarantine["request"])
		body := typed.As[map[string]any](t, req["body"])
		if got := typed.As[map[string]any](t, body["json"]); got["threat_id"] != sha || got["event"] != "Quarantine" || body["truncated"] != false {
			t.Errorf("request body %v", body)
		}
		if h := typed.As[map[string]any](t, req["headers"]); fmt.Sprint(h["Authorization"]) != "["+journal.Redacted+"]" {
			t.Errorf("request headers %v", h)
		}
		res := typed.As[map[string]any](t, quarantine["response"])
		if rid := typed.As[map[string]any](t, res["headers"])["X-Request-Id"]; rid == nil || fmt.Sprint(rid) != "["+quarantine["request_id"].(string)+"]" {
			t.Errorf("request id %v, response headers %v", quarantine["request_id"], res["headers"])
		}
		if _, ok := res["body"]; ok {
			t.Errorf("an empty answer has a body: %v", res["body"])
		}
		if all[4]["query"] != "page=1" || all[0]["route"] != "/auth/v2/token" || all[0]["tenant_id"] != a.id.String() {
			t.Errorf("entries %v, %v", all[0], all[4])
		}

		tenantA := "tenant_id=" + a.id.String()
		for _, tc := range []struct{ query, want string }{
			{"?" + tenantA + "&route=/devices/v2/{device}/threats&method=post&order=oldest",
				"POST /devices/v2/" + devices[0] + "/threats 200\nPOST /devices/v2/" + devices[1] + "/threats 200\nPOST /devices/v2/" + devices[2] + "/threats 200"},
			{"?status=4xx", "GET /devices/v2/not-a-device 404"},
			{"?status=404&path=/devices/v2/*", "GET /devices/v2/not-a-device 404"},
			{"?path=/devices/v2", "GET /devices/v2 200"},
			{"?app_id=" + a.app.ID.String() + "&limit=2", "GET /devices/v2/not-a-device 404\nGET /devices/v2/" + devices[0] + " 200"},
			{"?after=6", "GET /devices/v2 200\nPOST /auth/v2/token 200"},
			{"?tenant_id=" + strings.ToUpper(strings.ReplaceAll(other.id.String(), "-", "")), "GET /devices/v2 200\nPOST /auth/v2/token 200"},
			{"?since=" + url.QueryEscape(h.clock.Now().Format(time.RFC3339)), "GET /devices/v2 200\nPOST /auth/v2/token 200"},
			{"?until=" + url.QueryEscape(h.clock.Now().Format(time.RFC3339)) + "&limit=1&order=oldest", "POST /auth/v2/token 200"},
		} {
			if entries, _ := h.journalOf(tc.query); lines(entries) != tc.want {
				t.Errorf("%s:\n%s\nwant\n%s", tc.query, lines(entries), tc.want)
			}
		}
		if _, page := h.journalOf("?limit=2"); page["more"] != true {
			t.Errorf("limit 2 of 8: more = %v", page["more"])
		}
		for _, q := range []string{"?status=4", "?status=9xx", "?tenant_id=x", "?after=-1", "?order=up", "?limit=0", "?limit=101", "?since=yesterday"} {
			h.do(http.MethodGet, "/control/v1/journal"+q, adminToken, nil).want(400)
		}
		h.do(http.MethodGet, "/control/v1/journal", tok, nil).want(401)

		h.do(http.MethodDelete, "/control/v1/journal", adminToken, nil).want(200)
		if entries, page := h.journalOf(""); len(entries) != 0 || page["last_seq"] != 8.0 || page["first_seq"] != 0.0 {
			t.Errorf("after clearing: %v", page)
		}
		h.do(http.MethodGet, "/devices/v2", tok, nil).want(200)
		if entries, _ := h.journalOf("?after=8"); lines(entries) != "GET /devices/v2 200" || entries[0]["seq"] != 9.0 {
			t.Errorf("after clearing, a request: %s", lines(entries))
		}
	})
}

func TestJournalOff(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{adminToken: adminToken})
	h.do(http.MethodGet, "/control/v1/journal", adminToken, nil).want(404)
	h.do(http.MethodDelete, "/control/v1/journal", adminToken, nil).want(404)
}

// TestJournalHoldsNoSecret sends every kind of secret the API knows and
// finds none of them in what the journal answers.
func TestJournalHoldsNoSecret(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{adminToken: adminToken, journal: journal.New(1000, 0)})
	created := h.do(http.MethodPost, "/control/v1/tenants", adminToken, map[string]any{"name": "S"}).want(200).json()
	appSecret := created["app_secret"].(string)
	a := h.newTenant("A")
	authToken := sign(t, h.claims(a), a.app.Secret)
	tok := h.do(http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": authToken}).want(200).field("access_token")
	// The same exchange, refused (the jti is spent), and one with the
	// token under another case.
	h.do(http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": authToken}).want(401)
	h.do(http.MethodPost, "/auth/v2/token", "", `{"Auth_Token": "`+sign(t, h.claims(a), a.app.Secret)+`"}`).want(200)

	p, papp := h.newPartner("MSP")
	ptok := h.partnerToken(papp)
	h.partnerAuth("/public/v2/us/auth", papp.ID.String(), papp.Secret, "grant_type=client_credentials&client_secret="+papp.Secret).want(200)
	provisioned := h.do(http.MethodPost, "/public/v2/us/tenants/provision", ptok, provision("Client")).want(200)
	var tenantToken string
	if err := json.Unmarshal(h.do(http.MethodPut, "/public/v2/us/tenants/tenant-app/"+provisioned.field("id"), ptok, nil).want(200).body, &tenantToken); err != nil {
		t.Fatal(err)
	}

	device := h.register(a, map[string]any{"host_name": "one"})
	content := []byte("a harmless sample\n")
	sha := fmt.Sprintf("%x", sha256.Sum256(content))
	h.reportThreat(a, device, map[string]any{"sha256": sha, "file_path": "/tmp/x", "content": base64.StdEncoding.EncodeToString(content)})
	link := h.do(http.MethodGet, "/threats/v2/download/"+sha, tok, nil).want(200).field("url")
	if status, _ := h.fetch(link); status != 200 {
		t.Fatalf("download: %d", status)
	}
	sig := must(url.Parse(link)).Query().Get("sig")
	// Secrets sent where they do not belong: the admin token to a tenant
	// route, a password and an app secret in bodies and queries.
	h.do(http.MethodGet, "/devices/v2?access_token="+tok, adminToken, nil)
	h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": "u@example.org", "password": "hunter2-hunter2", "app_secret": appSecret})
	h.do(http.MethodPost, "/control/v1/tenants/"+a.id.String()+"/devices", adminToken, map[string]any{"host_name": "ctl"}).want(200)

	secrets := map[string]string{"client auth token": authToken, "access token": tok, "admin token": adminToken,
		"partner secret": papp.Secret, "partner token": ptok, "app secret": appSecret, "link signature": sig,
		"password": "hunter2-hunter2", "tenant app secret": a.app.Secret, "tenant token from a partner": tenantToken}
	dump := h.do(http.MethodGet, "/control/v1/journal?limit=1000", adminToken, nil).want(200).body
	if !strings.Contains(string(dump), p.ID.String()) || !strings.Contains(string(dump), "/threats/v2/download/") {
		t.Fatalf("the journal misses the partner's or the download's requests: %s", dump)
	}
	for name, secret := range secrets {
		if secret == "" {
			t.Fatalf("no %s to look for", name)
		}
		if strings.Contains(string(dump), secret) {
			t.Errorf("the journal holds the %s %q", name, secret)
		}
	}
	// The basic credentials, encoded as the header sends them.
	if strings.Contains(string(dump), "Basic ") {
		t.Errorf("the journal holds HTTP Basic credentials")
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// TestJournalBounds: a body past the limit is cut and flagged, and the
// journal holds at most its size.
func TestJournalBounds(t *testing.T) {
	const size, limit = 5, 100
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{adminToken: adminToken, journal: journal.New(size, limit)})
	a := h.newTenant("A")
	tok := h.token(a)
	long := strings.Repeat("x", 2*limit)
	h.do(http.MethodPost, "/zones/v2", tok, map[string]any{"name": long, "policy_id": defaultPolicy, "criticality": "Low"}).want(200)
	for range 2 * size {
		h.do(http.MethodGet, "/zones/v2", tok, nil).want(200)
	}
	entries, page := h.journalOf("?limit=5")
	if len(entries) != size || page["first_seq"] != float64(2*size+2-size+1) || page["last_seq"] != float64(2*size+2) {
		t.Fatalf("%d entries held of a journal of %d: %v", len(entries), size, page)
	}
	for _, e := range entries {
		body := typed.As[map[string]any](t, typed.As[map[string]any](t, e["response"])["body"])
		if kept := len(fmt.Sprint(body["text"])); body["truncated"] != true || kept > limit || body["size"].(float64) <= limit {
			t.Errorf("response body of %v kept %d bytes, truncated %v, size %v", e["seq"], kept, body["truncated"], body["size"])
		}
	}

	h.do(http.MethodPost, "/zones/v2", tok, map[string]any{"name": long + "2", "policy_id": defaultPolicy, "criticality": "Low"}).want(200)
	posts, _ := h.journalOf("?limit=1&method=POST")
	e := posts[0]
	body := typed.As[map[string]any](t, typed.As[map[string]any](t, e["request"])["body"])
	text, _ := body["text"].(string)
	if body["truncated"] != true || len(text) > limit || !strings.HasPrefix(text, `{"`) || body["size"].(float64) <= 2*limit {
		t.Errorf("request body %v", body)
	}
}

// TestJournalAnswersWhatClientsSend: a body the API refuses (a name twice,
// invalid UTF-8, not JSON) is still recorded, and the journal answers it.
func TestJournalAnswersWhatClientsSend(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{adminToken: adminToken, journal: journal.New(10, 0)})
	tok := h.token(h.newTenant("A"))
	for _, body := range []string{`{"name": "a", "name": "b"}`, "{\"name\": \"\xff\"}", "\xff\xfe", `{"name": `} {
		h.do(http.MethodPost, "/zones/v2", tok, body).want(400)
	}
	entries, _ := h.journalOf("?path=/zones/v2&order=oldest")
	var kinds []string
	for _, e := range entries {
		body := typed.As[map[string]any](t, typed.As[map[string]any](t, e["request"])["body"])
		for _, k := range []string{"json", "text", "base64"} {
			if _, ok := body[k]; ok {
				kinds = append(kinds, k)
			}
		}
	}
	if got := strings.Join(kinds, " "); got != "json json base64 text" {
		t.Errorf("bodies kept as %s", got)
	}
}
