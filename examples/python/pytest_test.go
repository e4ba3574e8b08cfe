// Package python runs the pytest example of docs/testing.md against a
// wolfdentest server, so the documented Python example stays true; and
// shows clients that build the vendor's URL from a region name reaching
// wolfden over HTTPS with only the CA and a name mapping.
package python

import (
	"os"
	"os/exec"
	"testing"

	"github.com/wolfden/wolfden/wolfdentest"
)

// TestPytestExample runs the example's tests with the interpreter named by
// WOLFDEN_TEST_PYTHON, which must then have pytest, requests and PyJWT (CI
// sets it: .ci/run). Without it the test uses python3 if that has them, and
// skips otherwise.
func TestPytestExample(t *testing.T) {
	python, required := os.LookupEnv("WOLFDEN_TEST_PYTHON")
	if !required {
		python = "python3"
	}
	check := exec.Command(python, "-c", "import jwt, pytest, requests, urllib3")
	if out, err := check.CombinedOutput(); err != nil {
		if required {
			t.Fatalf("%s with pytest, requests and PyJWT is required (WOLFDEN_TEST_PYTHON): %v\n%s", python, err, out)
		}
		t.Skipf("%s lacks pytest, requests or PyJWT: %v", python, err)
	}
	// Over HTTPS under the vendor's names, as the clients expect it.
	srv := wolfdentest.New(t, wolfdentest.WithVendorTLS())
	cmd := exec.Command(python, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", ".")
	cmd.Env = append(os.Environ(), "WOLFDEN_URL="+srv.URL, "WOLFDEN_ADMIN_TOKEN="+srv.AdminToken,
		"REQUESTS_CA_BUNDLE="+srv.CACertFile, "PYTHONDONTWRITEBYTECODE=1")
	out, err := cmd.CombinedOutput()
	t.Logf("pytest:\n%s", out)
	if err != nil {
		t.Fatalf("pytest failed: %v", err)
	}
}
