package httpapi_test

import (
	"archive/zip"
	"bytes"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/internal/zipcrypto"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// fetch GETs url without a token, as a client follows a signed link, and
// checks the answer against the OpenAPI document.
func (h *harness) fetch(url string) (int, []byte) {
	h.t.Helper()
	res, err := http.Get(url)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	h.checkContract(&response{t: h.t, req: "GET " + url, status: res.StatusCode, header: res.Header, body: b}, res)
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
		status, body := h.fetch(url) // no bearer token, like the vendor's storage links
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

		if status, _ := h.fetch(strings.Replace(url, "sig=", "sig=0", 1)); status != 404 {
			t.Errorf("a tampered link: %d, want 404", status)
		}
		if status, _ := h.fetch(strings.Replace(url, "exp=", "exp=9", 1)); status != 404 {
			t.Errorf("a link with a changed expiry: %d, want 404", status)
		}
		h.clock.Advance(11 * time.Minute)
		if status, _ := h.fetch(url); status != 404 {
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
		if status, body := h.fetch(url); status != 200 || !strings.Contains(string(body), "installer") {
			t.Fatalf("download: %d %s", status, body)
		}
		if status, _ := h.fetch(strings.Replace(url, "X64.msi", "X86.msi", 1)); status != 404 {
			t.Errorf("a link to another file: %d, want 404", status)
		}
		if got := h.do(http.MethodGet, "/devices/v2/installer?product=Protect&os=Linux&package=Msi&architecture=CentOS7", tok, nil).want(400).field("field"); got != "package" {
			t.Errorf("Linux with a package: field %q", got)
		}
		h.wantScope(a, http.MethodGet, "/devices/v2/installer"+query, wolfden.ScopeDeviceRead, nil)
	})
}

// downloadSample downloads a threat's sample as an integration does (the
// SOAR connector's get-file): it asks for the link, fetches it without a
// token and unzips the one member with the password "infected".
func (h *harness) downloadSample(tok, sha string) []byte {
	h.t.Helper()
	url := h.do(http.MethodGet, "/threats/v2/download/"+sha, tok, nil).want(200).field("url")
	status, body := h.fetch(url)
	if status != 200 {
		h.t.Fatalf("download of %s: %d %s", sha, status, body)
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil || len(zr.File) != 1 || zr.File[0].Name != strings.ToUpper(sha) {
		h.t.Fatalf("sample of %s: %v, %v; want one member named with the upper-case hash", sha, zr, err)
	}
	content, err := zipcrypto.OpenEncrypted(zr.File[0], "infected")
	if err != nil {
		h.t.Fatalf("sample of %s: %v", sha, err)
	}
	return content
}

func TestThreatSampleHashes(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		h.do(http.MethodPost, "/control/v1/tenants/"+a.id.String()+"/seed", adminToken,
			map[string]any{"devices": 4, "threats": 3, "seed": 5}).want(200)
		device := h.register(a, map[string]any{"host_name": "one"})
		reported := []byte("a harmless file an agent reported\n")
		h.reportThreat(a, device, map[string]any{"content": base64.StdEncoding.EncodeToString(reported), "file_path": `C:\x\reported.exe`})
		h.reportThreat(a, device, map[string]any{"sample_seed": uint64(1) << 63, "file_size": 70_000, "file_path": `C:\x\generated.exe`})
		byHash := strings.Repeat("3f1a9c0b", 8)
		h.reportThreat(a, device, map[string]any{"sha256": byHash, "file_path": `C:\x\hash-only.exe`})

		items := typed.As[[]any](t, h.do(http.MethodGet, "/threats/v2?page_size=200", tok, nil).want(200).json()["page_items"])
		if len(items) != 6 {
			t.Fatalf("%d threats, want 3 seeded and 3 reported", len(items))
		}
		for _, item := range items {
			th := typed.As[map[string]any](t, item)
			sha := typed.As[string](t, th["sha256"])
			content := h.downloadSample(tok, sha)
			if strings.EqualFold(sha, byHash) {
				// Known by its hash alone: a text names it; no content could hash to it.
				if !strings.Contains(string(content), strings.ToUpper(byHash)) {
					t.Errorf("the sample of a threat reported by hash does not name it: %q", content)
				}
				continue
			}
			sum, md := sha256.Sum256(content), md5.Sum(content)
			if got := strings.ToUpper(hex.EncodeToString(sum[:])); got != sha {
				t.Errorf("%s (%s): the sample's SHA-256 is %s", sha, th["name"], got)
			}
			if got := strings.ToUpper(hex.EncodeToString(md[:])); got != th["md5"] {
				t.Errorf("%s (%s): the sample's MD5 is %s, the threat's %s", sha, th["name"], got, th["md5"])
			}
			if int64(len(content)) != int64(typed.As[float64](t, th["file_size"])) {
				t.Errorf("%s (%s): the sample has %d bytes, file_size %v", sha, th["name"], len(content), th["file_size"])
			}
			if strings.HasSuffix(typed.As[string](t, th["name"]), "reported.exe") && !bytes.Equal(content, reported) {
				t.Errorf("the reported sample is %q, want %q", content, reported)
			}
		}
	})
}

func TestThreatReportSample(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		device := h.register(a, map[string]any{"host_name": "one"})
		path := "/control/v1/tenants/" + a.id.String() + "/devices/" + device + "/threats"
		content := base64.StdEncoding.EncodeToString([]byte("harmless\n"))
		for _, tt := range []struct {
			body  map[string]any
			field string
		}{
			{map[string]any{"content": "not base64!"}, "content"},
			{map[string]any{"content": base64.StdEncoding.EncodeToString(make([]byte, wolfden.MaxSampleContent+1))}, "content"},
			{map[string]any{"content": content, "sample_seed": 1, "file_size": 100}, "sample_seed"},
			{map[string]any{"content": content, "file_size": 100}, "file_size"},
			{map[string]any{"content": content, "sha256": strings.Repeat("ab", 32)}, "sha256"},
			{map[string]any{"content": content, "md5": strings.Repeat("ab", 16)}, "md5"},
			{map[string]any{"sample_seed": 1}, "file_size"},
			{map[string]any{"sample_seed": 1, "file_size": wolfden.MaxGeneratedSampleSize + 1}, "file_size"},
			{map[string]any{"sample_seed": -1, "file_size": 100}, "sample_seed"},
		} {
			tt.body["file_path"] = `C:\x\a.exe`
			if got := h.do(http.MethodPost, path, adminToken, tt.body).want(400).field("field"); got != tt.field {
				t.Errorf("%v: field %q, want %q", tt.body, got, tt.field)
			}
		}
		if n := h.do(http.MethodGet, "/threats/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("%v threats stored by refused reports", n)
		}
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
		if status, _ := h.fetch(h.url + "/" + strings.TrimPrefix(link, public)); status != 200 {
			t.Errorf("the link, its prefix stripped: %d", status)
		}
	})
}
