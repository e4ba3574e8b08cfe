package openapi_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/wolfden/wolfden/openapi"
)

// oapiCodegen is the generator the test imports the document into: a
// widely used one, for Go (github.com/oapi-codegen/oapi-codegen).
const oapiCodegen = "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen@v2.8.2"

// A client generated from the document compiles, and decodes wolfden's
// real answers: the test generates one with oapi-codegen into a module of
// its own, and runs a test there that calls a wolfdentest server with it.
func TestGeneratedClient(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and compiles a client")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	repo, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	doc, err := openapi.JSON("")
	if err != nil {
		t.Fatal(err)
	}
	write := func(name, content string) {
		t.Helper()
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("openapi.json", string(doc))
	write("go.mod", "module codegentest\n\ngo 1.26\n\nrequire github.com/wolfden/wolfden v0.0.0\n\nreplace github.com/wolfden/wolfden => "+repo+"\n")
	write("client/client_test.go", generatedClientTest)
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v: %v\n%s", args, err, out)
		}
	}
	run("run", oapiCodegen, "-generate", "types,client", "-package", "client", "-o", "client/client.gen.go", "openapi.json")
	run("mod", "tidy")
	run("vet", "./...")
	run("test", "-count=1", "./...")
}

// generatedClientTest runs in the generated client's package.
const generatedClientTest = `package client

import (
	"context"
	"net/http"
	"testing"

	"github.com/wolfden/wolfden/wolfdentest"
)

func TestAgainstWolfden(t *testing.T) {
	srv := wolfdentest.New(t, wolfdentest.WithDemoData())
	c, err := NewClientWithResponses(srv.URL, WithHTTPClient(srv.Client))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	health, err := c.HealthzWithResponse(ctx)
	if err != nil || health.JSON200 == nil || health.JSON200.Status != "ok" {
		t.Fatalf("healthz: %v, %+v", err, health)
	}
	token := srv.Token(t, srv.Tenant)
	auth := func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+token)
		return nil
	}
	devices, err := c.ListDevicesWithResponse(ctx, &ListDevicesParams{}, auth)
	if err != nil || devices.JSON200 == nil {
		t.Fatalf("listDevices: %v, %s", err, devices.Body)
	}
	if page := devices.JSON200; page.TotalNumberOfItems == 0 || len(page.PageItems) == 0 || page.PageItems[0].Id == (Id{}) {
		t.Errorf("listDevices decoded %+v", page)
	}
}
`
