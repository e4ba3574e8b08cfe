package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// The document is served without a token, naming this server; the page
// that renders it loads nothing from elsewhere.
func TestOpenAPIServed(t *testing.T) {
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{publicURL: "https://protectapi.cylance.com:8443"})
	get := func(path, wantType string) []byte {
		t.Helper()
		res, err := http.Get(h.url + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != wantType {
			t.Fatalf("GET %s: %d %s", path, res.StatusCode, res.Header.Get("Content-Type"))
		}
		return b
	}
	var doc struct {
		OpenAPI string                    `json:"openapi"`
		Servers []struct{ URL string }    `json:"servers"`
		Paths   map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(get("/openapi.json", "application/json; charset=utf-8"), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" || len(doc.Servers) != 1 || doc.Servers[0].URL != "https://protectapi.cylance.com:8443" || doc.Paths["/healthz"] == nil {
		t.Errorf("openapi.json: %s, servers %v, %d paths", doc.OpenAPI, doc.Servers, len(doc.Paths))
	}
	var fromYAML map[string]any
	if err := yaml.Unmarshal(get("/openapi.yaml", "application/yaml; charset=utf-8"), &fromYAML); err != nil || fromYAML["openapi"] != "3.1.0" {
		t.Errorf("openapi.yaml: %v, %v", err, fromYAML["openapi"])
	}
	page := get("/openapi", "text/html; charset=utf-8")
	if external := regexp.MustCompile(`(?i)(src|href)="(https?:)?//`).Find(page); external != nil {
		t.Errorf("the page loads %s from elsewhere", external)
	}
	if !regexp.MustCompile(`fetch\("openapi\.json"\)`).Match(page) {
		t.Error("the page does not load the document beside it")
	}
}

// The page renders the document in a real browser: headless Chromium
// loads it and the operations appear, grouped by tag. Without Chromium
// the test skips, unless WOLFDEN_TEST_CHROMIUM=required (as .ci/run sets
// it, after installing it).
func TestOpenAPIPageRenders(t *testing.T) {
	chromium, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("WOLFDEN_TEST_CHROMIUM") == "required" {
			t.Fatal("chromium is required (WOLFDEN_TEST_CHROMIUM): apt-get install chromium")
		}
		t.Skip("no chromium")
	}
	h := newHarness(t, sqltest.Backends()[0], harnessOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, chromium, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir="+t.TempDir(),
		"--virtual-time-budget=10000", "--dump-dom", h.url+"/openapi").Output()
	if err != nil {
		t.Fatalf("chromium: %v", err)
	}
	dom := string(out)
	for _, want := range []string{`<h2>Probes (`, `<code>/healthz</code>`, `id="schema-Error"`} {
		if !strings.Contains(dom, want) {
			t.Errorf("the rendered page lacks %s:\n%.2000s", want, dom)
		}
	}
}
