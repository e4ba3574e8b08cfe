package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

var exportLine = regexp.MustCompile(`^export TOKEN=([A-Za-z0-9_.-]+)\n$`)

// "wolfden token" prints one line that a shell evals into an access token
// the API accepts, from the credentials serve wrote beside a SQLite
// database or, for PostgreSQL, in the working directory.
func TestTokenCommand(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		t.Chdir(t.TempDir())
		db := b.DSN(t)
		if b.Name == "sqlite" {
			db = filepath.Join(t.TempDir(), "wolfden.db")
		}
		status, out, errOut := cli(t, nil, "token", "--db", db)
		if status != 1 || out != "" || !strings.Contains(errOut, "no credentials file") || !strings.Contains(errOut, credentialsSuffix) {
			t.Fatalf("before the first start: exit %d, stdout %q, stderr %q; want exit 1 naming the missing file", status, out, errOut)
		}

		srv := serveInProcess(t, nil, "--db", db, "--addr", "127.0.0.1:0", "--no-demo")
		status, out, errOut = cli(t, map[string]string{"WOLFDEN_DB": db}, "token")
		m := exportLine.FindStringSubmatch(out)
		if status != 0 || errOut != "" || m == nil {
			t.Fatalf("wolfden token: exit %d, stdout %q, stderr %q; want one export line", status, out, errOut)
		}
		if got := statusOf(t, srv.url, m[1], "/users/v2"); got != http.StatusOK {
			t.Errorf("GET /users/v2 with the printed token: %d, want 200", got)
		}
		if sh, err := exec.LookPath("sh"); err == nil {
			cmd := exec.Command(sh, "-c", `eval "$(cat)"; printf %s "$TOKEN"`)
			cmd.Stdin = strings.NewReader(out)
			if evaluated, err := cmd.Output(); err != nil || string(evaluated) != m[1] {
				t.Errorf("eval of %q set TOKEN to %q (%v)", out, evaluated, err)
			}
		}

		// Credentials the database does not know are refused, on stderr.
		path := credsFileOf(t, db)
		creds := readCredentialsFile(t, path)
		if err := os.WriteFile(path, []byte(`{"tenant_id":"`+creds.TenantID+`","app_id":"`+creds.AppID+`","app_secret":"wrong"}`), 0o600); err != nil {
			t.Fatal(err)
		}
		status, out, errOut = cli(t, nil, "token", "--db", db)
		if status != 1 || out != "" || !strings.Contains(errOut, "refused") {
			t.Errorf("a wrong secret: exit %d, stdout %q, stderr %q; want exit 1 and a refusal", status, out, errOut)
		}
	})
}
