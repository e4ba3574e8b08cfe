package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// packageBody is the create request of a package whose file is content.
func packageBody(name string, content []byte) map[string]any {
	sum := sha256.Sum256(content)
	return map[string]any{"checksum": strings.ToUpper(hex.EncodeToString(sum[:])), "packageDescriptor": map[string]any{
		"name": name, "description": "Gathers browser history files",
		"examples":    []any{map[string]any{"description": "All browsers", "invocationString": "-browser ALL"}},
		"packageInfo": map[string]any{"fileType": "python", "fileName": "browser_history.py", "entryPoint": ""}, "version": 1}}
}

// createPackage creates a package and answers its id and upload path
// (uploadTo on this server).
func (h *harness) createPackage(tok string, body map[string]any) (id, uploadTo string) {
	h.t.Helper()
	res := h.do(http.MethodPost, "/packages/v2", tok, body).want(200).json()
	id, _ = res["packageId"].(string)
	uploadTo, _ = res["uploadTo"].(string)
	if !strings.HasPrefix(uploadTo, h.url+"/") {
		h.t.Fatalf("uploadTo %q is not on this server", uploadTo)
	}
	return id, strings.TrimPrefix(uploadTo, h.url)
}

// uploadPackage PUTs content to an upload path, as a client does.
func (h *harness) uploadPackage(path string, content []byte) *response {
	h.t.Helper()
	return h.do(http.MethodPut, path, "", string(content))
}

func TestPackages(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		script := []byte("import sys\nprint('history', sys.argv)\n")
		created := h.clock.Now()
		res := h.do(http.MethodPost, "/packages/v2", tok, packageBody("Collect browser history", script)).want(200).json()
		id, _ := res["packageId"].(string)
		packageURL, _ := res["packageUrl"].(string)
		uploadTo, _ := res["uploadTo"].(string)
		if _, err := uuid.Parse(id); err != nil || !strings.HasPrefix(packageURL, h.url+"/packagefiles/") ||
			!strings.HasPrefix(uploadTo, h.url+"/packageuploads/") {
			t.Fatalf("create answered %v", res)
		}
		got := h.do(http.MethodGet, "/packages/v2/"+id, tok, nil).want(200).json()
		want := map[string]any{"packageId": id, "category": "custom", "status": "started", "timeout": 900.0, "size": 0.0,
			"playbookCount": 0.0, "uploadedOn": created.Format(time.RFC3339)}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("package %s = %#v, want %#v", k, got[k], v)
			}
		}
		if by := typed.As[map[string]any](t, got["uploadedBy"]); by["id"] != a.app.ID.String() || by["login"] != a.app.Name {
			t.Errorf("uploadedBy %v", by)
		}
		d := typed.As[map[string]any](t, got["packageDescriptor"])
		if d["packageId"] != id || d["name"] != "Collect browser history" || d["version"] != 1.0 ||
			typed.As[map[string]any](t, d["packageInfo"])["fileType"] != "python" || len(typed.As[[]any](t, d["examples"])) != 1 {
			t.Errorf("packageDescriptor %v", d)
		}
		if code, _ := h.fetch(packageURL); code != 404 {
			t.Errorf("the file before its upload: %d", code)
		}

		// The upload: success when its SHA-256 is the checksum, once.
		path := strings.TrimPrefix(uploadTo, h.url)
		up := h.uploadPackage(path, script).want(200).json()
		if up["status"] != "success" || up["size"] != float64(len(script)) {
			t.Errorf("upload answered %v", up)
		}
		h.uploadPackage(path, script).want(409)
		resp, err := http.Get(packageURL)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, "browser_history.py") {
			t.Errorf("Content-Disposition %q", cd)
		}
		if code, body := h.fetch(h.do(http.MethodGet, "/packages/v2/"+id, tok, nil).want(200).field("downloadUrl")); code != 200 || string(body) != string(script) {
			t.Errorf("download: %d %q", code, body)
		}
		if code, _ := h.fetch(strings.Replace(packageURL, "sig=", "sig=0", 1)); code != 404 {
			t.Errorf("a tampered link: %d", code)
		}

		h.clock.Advance(time.Second)
		badID, badPath := h.createPackage(tok, packageBody("Broken", script))
		if up := h.uploadPackage(badPath, []byte("print('other')")).want(200).json(); up["status"] != "failed" {
			t.Errorf("a mismatching upload: %v", up)
		}
		if code, _ := h.fetch(h.do(http.MethodGet, "/packages/v2/"+badID, tok, nil).want(200).field("downloadUrl")); code != 404 {
			t.Errorf("a failed upload is served: %d", code)
		}
		h.clock.Advance(time.Second)
		quick := packageBody("Alpha", script)
		quick["timeout"] = 60
		lateID, latePath := h.createPackage(tok, quick)
		h.clock.Advance(time.Second)
		big, bigPath := h.createPackage(tok, packageBody("Big", script))
		h.uploadPackage(bigPath, make([]byte, agentsim.MaxPackageSize+1)).want(413)
		h.clock.Advance(61 * time.Second)
		h.uploadPackage(latePath, script).want(404) // the link expired with the timeout
		if st := h.do(http.MethodGet, "/packages/v2/"+lateID, tok, nil).want(200).field("status"); st != "timeout" {
			t.Errorf("past the timeout: %s", st)
		}
		if st := h.do(http.MethodGet, "/packages/v2/"+big, tok, nil).want(200).field("status"); st != "started" {
			t.Errorf("after a refused upload: %s", st)
		}

		for _, tt := range []struct {
			name  string
			edit  func(map[string]any)
			field string
		}{
			{"no checksum", func(b map[string]any) { delete(b, "checksum") }, "checksum"},
			{"checksum too short", func(b map[string]any) { b["checksum"] = "9F86D081" }, "checksum"},
			{"checksum not hex", func(b map[string]any) { b["checksum"] = strings.Repeat("z", 64) }, "checksum"},
			{"no descriptor", func(b map[string]any) { delete(b, "packageDescriptor") }, "packageDescriptor"},
			{"no name", func(b map[string]any) { desc(t, b)["name"] = " " }, "packageDescriptor.name"},
			{"version 0", func(b map[string]any) { desc(t, b)["version"] = 0 }, "packageDescriptor.version"},
			{"no version", func(b map[string]any) { delete(desc(t, b), "version") }, "packageDescriptor.version"},
			{"version a string", func(b map[string]any) { desc(t, b)["version"] = "1" }, "packageDescriptor.version"},
			{"not python", func(b map[string]any) { desc(t, b)["packageInfo"] = map[string]any{"fileType": "powershell"} }, "packageDescriptor.packageInfo.fileType"},
			{"timeout 0", func(b map[string]any) { b["timeout"] = 0 }, "timeout"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				body := packageBody("x", script)
				tt.edit(body)
				res := h.sub(t).do(http.MethodPost, "/packages/v2", tok, body).want(400)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}

		names := func(query string) string {
			t.Helper()
			var names []string
			for _, p := range typed.As[[]any](t, h.do(http.MethodGet, "/packages/v2"+query, tok, nil).want(200).json()["page_items"]) {
				names = append(names, typed.As[string](t, typed.As[map[string]any](t, typed.As[map[string]any](t, p)["packageDescriptor"])["name"]))
			}
			return strings.Join(names, ",")
		}
		for query, want := range map[string]string{
			"":                                    "Big,Alpha,Broken,Collect browser history",
			"?sort=packageDescriptor.name":        "Alpha,Big,Broken,Collect browser history",
			"?status=success&category=custom":     "Collect browser history",
			"?status=TIMEOUT":                     "Alpha",
			"?category=cylance":                   "",
			"?sort=-status&page=1&page_size=2":    "Alpha,Collect browser history", // timeout, success
			"?sort=uploadedOn&page=2&page_size=3": "Big",
		} {
			if got := names(query); got != want {
				t.Errorf("%q: %s, want %s", query, got, want)
			}
		}
		for query, field := range map[string]string{"?sort=checksum": "sort", "?category=mine": "category", "?status=done": "status", "?page_size=x": "page_size"} {
			if f := h.do(http.MethodGet, "/packages/v2"+query, tok, nil).want(400).field("field"); f != field {
				t.Errorf("%s: field %q, want %q", query, f, field)
			}
		}

		otherTok := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/packages/v2/"+id, otherTok, nil).want(404)
		h.do(http.MethodDelete, "/packages/v2/"+id, otherTok, nil).want(404)
		if l := h.do(http.MethodGet, "/packages/v2", otherTok, nil).want(200).json(); l["total_number_of_items"] != 0.0 {
			t.Errorf("another tenant lists %v", l)
		}
		h.do(http.MethodGet, "/packages/v2/"+uuid.NewString(), tok, nil).want(404)
		h.do(http.MethodGet, "/packages/v2/not-a-package", tok, nil).want(404)

		if res := h.do(http.MethodDelete, "/packages/v2/"+badID, tok, nil).want(200); len(res.body) != 0 {
			t.Errorf("delete answered %s", res.body)
		}
		h.do(http.MethodGet, "/packages/v2/"+badID, tok, nil).want(404)
		h.do(http.MethodDelete, "/packages/v2/"+badID, tok, nil).want(404)

		h.wantScope(a, http.MethodGet, "/packages/v2", wolfden.ScopeOpticsPkgConfigList, nil)
		h.wantScope(a, http.MethodGet, "/packages/v2/"+id, wolfden.ScopeOpticsPkgConfigRead, nil)
		h.wantScope(a, http.MethodPost, "/packages/v2", wolfden.ScopeOpticsPkgConfigCreate, packageBody("Scoped", script))
		h.wantScope(a, http.MethodDelete, "/packages/v2/"+lateID, wolfden.ScopeOpticsPkgConfigDelete, nil)
	})
}

// desc is a create request's packageDescriptor.
func desc(t testing.TB, body map[string]any) map[string]any {
	return typed.As[map[string]any](t, body["packageDescriptor"])
}

// countingBody is a request body that counts the bytes read from it and,
// when started is set, tells of its first read and then waits for release.
type countingBody struct {
	remaining int64
	read      atomic.Int64
	started   chan struct{}
	release   chan struct{}
}

func (b *countingBody) Read(p []byte) (int, error) {
	if b.started != nil && b.read.Load() == 0 {
		close(b.started)
		<-b.release
	}
	if b.remaining == 0 {
		return 0, io.EOF
	}
	n := int(min(int64(len(p)), b.remaining))
	b.remaining -= int64(n)
	b.read.Add(int64(n))
	return n, nil
}

// serveUpload PUTs body to an upload path in process, so that the test
// sees what the server reads of it.
func (h *harness) serveUpload(path string, body *countingBody) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.server.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, path, body))
	return rec
}

func TestPackageUploadReadsNoBodyInVain(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		tok := h.token(h.newTenant("A"))
		script := []byte("print('once')\n")

		// A spent link is answered without reading its body, however large.
		_, spent := h.createPackage(tok, packageBody("Once", script))
		h.uploadPackage(spent, script).want(200)
		replay := &countingBody{remaining: agentsim.MaxPackageSize}
		if rec := h.serveUpload(spent, replay); rec.Code != http.StatusConflict || replay.read.Load() != 0 {
			t.Errorf("a spent link: status %d after reading %d bytes; want 409 after none", rec.Code, replay.read.Load())
		}

		// Uploads under way at once are capped; one more is a 429 that reads
		// nothing, and a slot freed serves the next.
		release := make(chan struct{})
		done := make(chan int, rest.MaxConcurrentUploads)
		for i := range rest.MaxConcurrentUploads {
			h.clock.Advance(time.Second)
			_, path := h.createPackage(tok, packageBody(fmt.Sprint("Slow ", i), script))
			slow := &countingBody{remaining: int64(len(script)), started: make(chan struct{}), release: release}
			go func() { done <- h.serveUpload(path, slow).Code }()
			<-slow.started
		}
		_, path := h.createPackage(tok, packageBody("One too many", script))
		extra := &countingBody{remaining: int64(len(script))}
		rec := h.serveUpload(path, extra)
		if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "1" || extra.read.Load() != 0 {
			t.Errorf("an upload over the cap: status %d, Retry-After %q, %d bytes read; want 429, 1, none",
				rec.Code, rec.Header().Get("Retry-After"), extra.read.Load())
		}
		close(release)
		for range rest.MaxConcurrentUploads {
			if code := <-done; code != http.StatusOK {
				t.Errorf("an upload within the cap: status %d", code)
			}
		}
		if rec := h.serveUpload(path, &countingBody{remaining: int64(len(script))}); rec.Code != http.StatusOK {
			t.Errorf("the refused upload, tried again: status %d: %s", rec.Code, rec.Body)
		}
	})
}
