package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestGlobalLists(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		sha := strings.Repeat("3f1a9c0b", 8)

		add := map[string]string{"sha256": sha, "list_type": "GlobalQuarantine", "category": "None", "reason": "IR-2291"}
		if res := h.do(http.MethodPost, "/globallists/v2", tok, add).want(200); len(res.body) != 0 {
			t.Errorf("add body %q, want empty", res.body)
		}
		add["sha256"] = strings.ToUpper(sha)
		res := h.do(http.MethodPost, "/globallists/v2", tok, add).want(409)
		if !strings.Contains(res.field("message"), "There's already an entry for this threat") {
			t.Errorf("409 message %q", res.field("message"))
		}
		h.do(http.MethodPost, "/globallists/v2", tok, map[string]string{
			"sha256": sha, "list_type": "GlobalSafe", "category": "AdminTool", "reason": "deploy tool"}).want(200)

		list := h.do(http.MethodGet, "/globallists/v2?listTypeId=0&page_size=20", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["page_items"])
		if list["total_number_of_items"] != 1.0 || len(items) != 1 {
			t.Fatalf("quarantine list %v", list)
		}
		e := typed.As[map[string]any](t, items[0])
		want := map[string]any{"sha256": strings.ToUpper(sha), "md5": "", "name": "", "classification": "",
			"sub_classification": "", "av_industry": nil, "cylance_score": nil, "list_type": "GlobalQuarantine",
			"category": nil, "reason": "IR-2291", "added_by": a.app.ID.String()}
		for k, v := range want {
			if e[k] != v {
				t.Errorf("%s = %#v, want %#v", k, e[k], v)
			}
		}
		if !isoSeconds.MatchString(typed.As[string](t, e["added"])) {
			t.Errorf("added = %v", e["added"])
		}
		safe := typed.As[[]any](t, h.do(http.MethodGet, "/globallists/v2?listTypeId=1", tok, nil).want(200).json()["page_items"])
		if len(safe) != 1 || typed.As[map[string]any](t, safe[0])["category"] != "Admin Tool" {
			t.Errorf("safe list %v", safe)
		}

		del := map[string]string{"sha256": sha, "list_type": "GlobalQuarantine"}
		if res := h.do(http.MethodDelete, "/globallists/v2", tok, del).want(200); len(res.body) != 0 {
			t.Errorf("delete body %q, want empty", res.body)
		}
		res = h.do(http.MethodDelete, "/globallists/v2", tok, del).want(404)
		if !strings.Contains(res.field("message"), "There's no entry for this threat") {
			t.Errorf("404 message %q", res.field("message"))
		}
		// PATCH is no operation of the API.
		h.do(http.MethodPatch, "/globallists/v2", tok, nil).want(501)

		// Another tenant sees none of it.
		tokB := h.token(h.newTenant("B"))
		if n := h.do(http.MethodGet, "/globallists/v2?listTypeId=1", tokB, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("tenant B sees %v safe-list entries", n)
		}
		h.do(http.MethodDelete, "/globallists/v2", tokB, map[string]string{"sha256": sha, "list_type": "GlobalSafe"}).want(404)
	})
}

func TestGlobalListValidation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		sha := strings.Repeat("ab", 32)
		for _, tt := range []struct{ name, body, field string }{
			{"missing sha256", `{"list_type": "GlobalQuarantine", "reason": "r"}`, "sha256"},
			{"short sha256", `{"sha256": "abc", "list_type": "GlobalQuarantine", "reason": "r"}`, "sha256"},
			{"md5 instead", `{"sha256": "` + strings.Repeat("a", 32) + `", "list_type": "GlobalQuarantine", "reason": "r"}`, "sha256"},
			{"missing list type", `{"sha256": "` + sha + `", "reason": "r"}`, "list_type"},
			{"bad list type", `{"sha256": "` + sha + `", "list_type": "Blocklist", "reason": "r"}`, "list_type"},
			{"missing reason", `{"sha256": "` + sha + `", "list_type": "GlobalQuarantine"}`, "reason"},
			{"safe without category", `{"sha256": "` + sha + `", "list_type": "GlobalSafe", "reason": "r"}`, "category"},
			{"safe with bad category", `{"sha256": "` + sha + `", "list_type": "GlobalSafe", "category": "Games", "reason": "r"}`, "category"},
			{"sha256 of wrong type", `{"sha256": 1, "list_type": "GlobalSafe", "reason": "r"}`, "sha256"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/globallists/v2", tok, tt.body).want(400)
				if got := res.field("field"); got != tt.field {
					t.Errorf("field = %q, want %q; %s", got, tt.field, res.body)
				}
			})
		}
		for _, q := range []string{"", "?listTypeId=2", "?listTypeId=GlobalSafe"} {
			if got := h.do(http.MethodGet, "/globallists/v2"+q, tok, nil).want(400).field("field"); got != "listTypeId" {
				t.Errorf("GET %s: field %q", q, got)
			}
		}
		h.do(http.MethodDelete, "/globallists/v2", tok, `{"sha256": "`+sha+`"}`).want(400)

		body := map[string]string{"sha256": sha, "list_type": "GlobalQuarantine", "reason": "r"}
		h.wantScope(a, http.MethodPost, "/globallists/v2", wolfden.ScopeGlobalListCreate, body)
		h.wantScope(a, http.MethodGet, "/globallists/v2?listTypeId=0", wolfden.ScopeGlobalListList, nil)
		h.wantScope(a, http.MethodDelete, "/globallists/v2", wolfden.ScopeGlobalListDelete, map[string]string{"sha256": sha, "list_type": "GlobalQuarantine"})
	})
}

// TestGlobalListKnownFiles: an entry tells what the tenant's threats know
// of the file; a hash the tenant never saw keeps its members empty.
func TestGlobalListKnownFiles(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "one"})
		known, unknown := strings.Repeat("3f1a9c0b", 8), strings.Repeat("9b2c4e6a", 8)
		h.reportThreat(a, device, map[string]any{"sha256": known, "md5": strings.Repeat("a1", 16), "file_path": `C:\x\invoice_2024.exe`,
			"cylance_score": -0.98, "classification": "Malware", "sub_classification": "Trojan"})
		for _, add := range []map[string]string{
			{"sha256": known, "list_type": "GlobalQuarantine", "reason": "IR-2291"},
			{"sha256": unknown, "list_type": "GlobalQuarantine", "reason": "IR-2292"},
			{"sha256": known, "list_type": "GlobalSafe", "category": "None", "reason": "false positive"},
		} {
			h.do(http.MethodPost, "/globallists/v2", tok, add).want(200)
		}
		file := map[string]any{"md5": strings.Repeat("A1", 16), "name": "invoice_2024.exe", "classification": "Malware",
			"sub_classification": "Trojan", "cylance_score": -0.98, "av_industry": nil}
		none := map[string]any{"md5": "", "name": "", "classification": "", "sub_classification": "", "cylance_score": nil,
			"av_industry": nil}
		for _, tt := range []struct {
			list string
			want map[string]map[string]any // by upper-case hash
		}{
			{"0", map[string]map[string]any{strings.ToUpper(known): file, strings.ToUpper(unknown): none}},
			{"1", map[string]map[string]any{strings.ToUpper(known): file}},
		} {
			items := typed.As[[]any](t, h.do(http.MethodGet, "/globallists/v2?listTypeId="+tt.list, tok, nil).want(200).json()["page_items"])
			if len(items) != len(tt.want) {
				t.Fatalf("list %s: %v", tt.list, items)
			}
			for _, item := range items {
				e := typed.As[map[string]any](t, item)
				for k, v := range tt.want[typed.As[string](t, e["sha256"])] {
					if e[k] != v {
						t.Errorf("list %s, %s: %s = %#v, want %#v", tt.list, e["sha256"], k, e[k], v)
					}
				}
			}
		}
	})
}
