package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func fetch(t *testing.T, url string) (int, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func TestThreatDownload(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "one"})
		sha := strings.Repeat("3f1a9c0b", 8)
		h.reportThreat(a, device, map[string]any{"sha256": sha, "file_path": `C:\x\invoice.exe`, "classification": "Malware"})

		url := h.do(http.MethodGet, "/threats/v2/download/"+sha, tok, nil).want(200).field("url")
		if !strings.HasPrefix(url, h.url+"/samples/") {
			t.Fatalf("url %q is not on this server", url)
		}
		status, body := fetch(t, url) // no bearer token, like the vendor's storage links
		if status != 200 {
			t.Fatalf("download: %d %s", status, body)
		}
		zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
		if err != nil || len(zr.File) != 1 || zr.File[0].Name != strings.ToUpper(sha) {
			t.Fatalf("zip %v, %v; want one member named with the upper-case hash", zr, err)
		}
		if zr.File[0].Flags&0x1 == 0 {
			t.Error("the sample is not encrypted") // with "infected"; encryptedzip_internal_test.go decrypts
		}

		if status, _ := fetch(t, strings.Replace(url, "sig=", "sig=0", 1)); status != 404 {
			t.Errorf("a tampered link: %d, want 404", status)
		}
		if status, _ := fetch(t, strings.Replace(url, "exp=", "exp=9", 1)); status != 404 {
			t.Errorf("a link with a changed expiry: %d, want 404", status)
		}
		h.clock.Advance(11 * time.Minute)
		if status, _ := fetch(t, url); status != 404 {
			t.Errorf("an expired link: %d, want 404", status)
		}

		tok = h.token(a)
		h.do(http.MethodGet, "/threats/v2/download/"+strings.Repeat("0", 64), tok, nil).want(404)
		h.wantScope(a, http.MethodGet, "/threats/v2/download/"+sha, wolfden.ScopeThreatRead, nil)
		h.do(http.MethodGet, "/threats/v2/download/"+sha, h.token(h.newTenant("B")), nil).want(404)
	})
}

func TestInstallerLink(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		query := "?product=Protect&os=Windows&package=Msi&architecture=X64"
		url := h.do(http.MethodGet, "/devices/v2/installer"+query, tok, nil).want(200).field("url")
		if !strings.HasPrefix(url, h.url+"/installers/CylanceProtect_") || !strings.Contains(url, "_X64.msi?") {
			t.Fatalf("url %q", url)
		}
		if status, body := fetch(t, url); status != 200 || !strings.Contains(string(body), "installer") {
			t.Fatalf("download: %d %s", status, body)
		}
		if status, _ := fetch(t, strings.Replace(url, "X64.msi", "X86.msi", 1)); status != 404 {
			t.Errorf("a link to another file: %d, want 404", status)
		}
		if got := h.do(http.MethodGet, "/devices/v2/installer?product=Protect&os=Linux&package=Msi&architecture=CentOS7", tok, nil).want(400).field("field"); got != "package" {
			t.Errorf("Linux with a package: field %q", got)
		}
		h.wantScope(a, http.MethodGet, "/devices/v2/installer"+query, wolfden.ScopeDeviceRead, nil)
	})
}

// Links are built from the configured public URL, never from the Host a
// client sends; one with a path prefix works once a proxy strips it.
func TestLinksUsePublicURL(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		const query = "/devices/v2/installer?product=Protect&os=Windows&package=Msi&architecture=X64"
		linkFrom := func(h *harness, tok, method, path string, body string, member string) string {
			req, _ := http.NewRequest(method, h.url+path, strings.NewReader(body))
			req.Host = "evil.example"
			req.Header.Set("Authorization", "Bearer "+tok)
			req.Header.Set("Content-Type", "application/json")
			return h.send(req).want(200).field(member)
		}

		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		pkg, _ := json.Marshal(packageBody("P", []byte("print(1)\n")))
		for _, link := range []string{
			linkFrom(h, tok, http.MethodGet, query, "", "url"),
			linkFrom(h, tok, http.MethodPost, "/packages/v2", string(pkg), "uploadTo"),
			linkFrom(h, tok, http.MethodPost, "/packages/v2", string(pkg), "packageUrl"),
		} {
			if !strings.HasPrefix(link, h.url+"/") {
				t.Errorf("link %q is not on the public URL %s", link, h.url)
			}
		}

		const public = "https://wolfden.example.org/lab/"
		h = newHarness(t, b, harnessOptions{publicURL: public})
		link := linkFrom(h, h.token(h.newTenant("A")), http.MethodGet, query, "", "url")
		if !strings.HasPrefix(link, public+"installers/") {
			t.Fatalf("link %q is not under %s", link, public)
		}
		if status, _ := fetch(t, h.url+"/"+strings.TrimPrefix(link, public)); status != 200 {
			t.Errorf("the link, its prefix stripped: %d", status)
		}
	})
}
