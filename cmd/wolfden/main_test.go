package main

// These tests hold the CLI to the contract that scripts rely on: what each
// command prints, its exit status, the settings it reads, and what
// "wolfden serve" does over HTTP. They build on the helpers of cli_test.go
// (TestMain, cli, decodeOne, countTenants) and serve_test.go (startServer).

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
)

// absentTenant is a well-formed tenant id that no database holds.
const absentTenant = "5b0c1d9e-8f7a-4e3b-a2c1-9d8e7f6a5b4c"

func TestTenantCreatePrintsStoredCredentials(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	status, out, errOut := cli(t, nil, "tenant", "create", "--name", "  Acme Corp  ", "--db", db)
	if status != 0 || errOut != "" {
		t.Fatalf("exit %d, stderr %q", status, errOut)
	}
	printed := decodeOne(t, out, "tenant_id", "app_id", "app_secret")

	tenantID, _ := wolfden.ParseID(printed["tenant_id"])
	tenant, err := openStore(t, db).Tenant(context.Background(), tenantID)
	if err != nil {
		t.Fatalf("the printed tenant_id is not in the database: %v", err)
	}
	if tenant.Name != "Acme Corp" {
		t.Errorf("tenant name %q, want %q", tenant.Name, "Acme Corp")
	}
	app := storedApp(t, db, printed["tenant_id"], printed["app_id"])
	if app.Secret != printed["app_secret"] {
		t.Errorf("stored secret %q, printed %q", app.Secret, printed["app_secret"])
	}
	if wolfden.NewScopeSet(app.Scopes...) != wolfden.NewScopeSet(wolfden.AllScopes...) {
		t.Errorf("the tenant's application holds %v, want every scope", app.Scopes)
	}
}

func TestTenantCreateRefusesNameInUse(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	tenantFromCLI(t, db, "Acme Corp")
	tenantFromCLI(t, db, "Zürich Lab")

	for _, name := range []string{"Acme Corp", "acme corp", "ACME CORP", "  aCmE cOrP ", "ZÜRICH LAB", "zürich lab"} {
		t.Run(name, func(t *testing.T) {
			status, out, errOut := cli(t, nil, "tenant", "create", "--name", name, "--db", db)
			if status != 1 || out != "" || !strings.HasPrefix(errOut, "wolfden tenant create: ") ||
				!strings.Contains(errOut, "already in use") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and a message that the name is in use",
					status, out, errOut)
			}
		})
	}
	if n := countTenants(t, db); n != 2 {
		t.Fatalf("%d tenants after refused creates, want 2", n)
	}

	// The refusals left the database as usable as they found it.
	tenantFromCLI(t, db, "Acme Corporation")
	if n := countTenants(t, db); n != 3 {
		t.Fatalf("%d tenants after creating a third, want 3", n)
	}
}

func TestAppCreateScopes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	tenantID := tenantFromCLI(t, db, "Acme").TenantID

	for _, tt := range []struct {
		name  string
		flags []string
		want  []wolfden.Scope
	}{
		{"listed", []string{"--scopes", "user:read,user:list"}, []wolfden.Scope{wolfden.ScopeUserRead, wolfden.ScopeUserList}},
		{"spaced and repeated", []string{"--scopes", " user:list , user:read,user:list,"}, []wolfden.Scope{wolfden.ScopeUserRead, wolfden.ScopeUserList}},
		{"omitted", nil, wolfden.AllScopes},
	} {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"app", "create", "--db", db, "--tenant", tenantID, "--name", "reader"}, tt.flags...)
			status, out, errOut := cli(t, nil, args...)
			if status != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q", status, errOut)
			}
			printed := decodeOne(t, out, "app_id", "app_secret")
			app := storedApp(t, db, tenantID, printed["app_id"])
			if app.Secret != printed["app_secret"] {
				t.Errorf("stored secret %q, printed %q", app.Secret, printed["app_secret"])
			}
			if wolfden.NewScopeSet(app.Scopes...) != wolfden.NewScopeSet(tt.want...) {
				t.Errorf("stored scopes %v, want %v", app.Scopes, tt.want)
			}
		})
	}
}

func TestAppCreateRefusals(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	tenantID := tenantFromCLI(t, db, "Acme").TenantID

	for _, tt := range []struct {
		name string
		args []string
		want string // in the message
	}{
		{"unknown scope", []string{"--tenant", tenantID, "--name", "x", "--scopes", "user:read,user:fly"}, `"user:fly"`},
		{"no scope", []string{"--tenant", tenantID, "--name", "x", "--scopes", " , "}, "scope"},
		{"malformed tenant", []string{"--tenant", "acme", "--name", "x"}, "--tenant"},
		{"tenant in braces", []string{"--tenant", "{" + tenantID + "}", "--name", "x"}, "--tenant"},
		{"no tenant", []string{"--name", "x"}, "--tenant"},
		{"unknown tenant", []string{"--tenant", absentTenant, "--name", "x"}, absentTenant + " does not exist"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, out, errOut := cli(t, nil, append([]string{"app", "create", "--db", db}, tt.args...)...)
			if status != 1 || out != "" || !strings.HasPrefix(errOut, "wolfden app create: ") ||
				!strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 1 and a message with %q", status, out, errOut, tt.want)
			}
		})
	}
}

func TestCommandsReadDatabaseFromEnvironment(t *testing.T) {
	// Were WOLFDEN_DB ignored, the default wolfden.db would appear here.
	cwd := t.TempDir()
	t.Chdir(cwd)
	db := filepath.Join(t.TempDir(), "w.db")
	tenantID := tenantFromCLI(t, db, "Acme").TenantID
	environ := map[string]string{"WOLFDEN_DB": db}

	for _, tt := range []struct {
		name  string
		args  []string
		check func(t *testing.T, stdout string) // that the command changed db
	}{
		{"tenant create", []string{"tenant", "create", "--name", "Globex"}, func(t *testing.T, _ string) {
			if n := countTenants(t, db); n != 2 {
				t.Errorf("%d tenants, want 2", n)
			}
		}},
		{"app create", []string{"app", "create", "--tenant", tenantID, "--name", "reader"}, func(t *testing.T, stdout string) {
			storedApp(t, db, tenantID, decodeOne(t, stdout, "app_id", "app_secret")["app_id"])
		}},
		{"key rotate", []string{"key", "rotate"}, func(t *testing.T, _ string) {
			if id := signingKeyID(t, db); id == noKey {
				t.Error("the database has no signing key")
			}
		}},
		// Succeeding is the proof: the tenant is in db only.
		{"seed", []string{"seed", "--tenant", tenantID, "--devices", "1"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, out, errOut := cli(t, environ, tt.args...)
			if status != 0 {
				t.Fatalf("exit %d: %s", status, errOut)
			}
			if tt.check != nil {
				tt.check(t, out)
			}
			if _, err := os.Stat(filepath.Join(cwd, "wolfden.db")); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("the command used the default database, not WOLFDEN_DB (stat: %v)", err)
			}
		})
	}
}

func TestDatabaseDefaultsToWolfdenDB(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	if status, _, errOut := cli(t, nil, "tenant", "create", "--name", "Acme"); status != 0 {
		t.Fatalf("exit %d: %s", status, errOut)
	}
	if n := countTenants(t, filepath.Join(cwd, "wolfden.db")); n != 1 {
		t.Fatalf("%d tenants in ./wolfden.db, want 1", n)
	}
}

func TestHelpAndUnknownCommands(t *testing.T) {
	for _, args := range [][]string{nil, {"help"}, {"-h"}, {"-help"}, {"--help"}} {
		t.Run(strings.Join(append([]string{"wolfden"}, args...), " "), func(t *testing.T) {
			status, out, errOut := cli(t, nil, args...)
			if status != 0 || errOut != "" {
				t.Fatalf("exit %d, stderr %q; want exit 0 and nothing on stderr", status, errOut)
			}
			for _, want := range []string{"serve", "tenant create", "app create", "key rotate",
				"--db", "--addr", "--rate-limit", "WOLFDEN_DB", "WOLFDEN_ADDR", "WOLFDEN_RATE_LIMIT"} {
				if !strings.Contains(out, want) {
					t.Errorf("help does not mention %s", want)
				}
			}
		})
	}
	for _, args := range [][]string{{"frobnicate"}, {"SERVE"}, {"tenant"}, {"tenant", "rename"}, {"app"}, {"key"}, {"key", "show"}} {
		t.Run(strings.Join(append([]string{"wolfden"}, args...), " "), func(t *testing.T) {
			status, out, errOut := cli(t, nil, args...)
			if status != 2 || out != "" || !strings.Contains(errOut, "unknown command") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and an unknown-command message", status, out, errOut)
			}
		})
	}
}

func TestServeSettingsFromEnvironment(t *testing.T) {
	envDB := filepath.Join(t.TempDir(), "w.db")
	flagDB := filepath.Join(t.TempDir(), "w.db")
	for _, tt := range []struct {
		name    string
		environ map[string]string
		flags   []string
		db      string // where the default tenant's credentials must appear
		users   int    // status of GET /users/v2 after the token exchange
	}{{
		name: "environment",
		// One request per 100 s in bursts of one: the token exchange takes it.
		environ: map[string]string{"WOLFDEN_DB": envDB, "WOLFDEN_ADDR": "127.0.0.1:0", "WOLFDEN_RATE_LIMIT": "0.01"},
		db:      envDB,
		users:   http.StatusTooManyRequests,
	}, {
		name:    "flags win",
		environ: map[string]string{"WOLFDEN_DB": envDB, "WOLFDEN_ADDR": "no address", "WOLFDEN_RATE_LIMIT": "0.01"},
		flags:   []string{"--db", flagDB, "--addr", "127.0.0.1:0", "--rate-limit", "0"},
		db:      flagDB,
		users:   http.StatusOK,
	}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveInProcess(t, tt.environ, append(tt.flags, "--no-demo")...)
			if srv.url == "http://127.0.0.1:8080" {
				t.Errorf("serving on the default address, not WOLFDEN_ADDR's")
			}
			creds := readCredentialsFile(t, credsFileOf(t, tt.db))
			token := mustExchangeToken(t, srv.url, creds)
			for range 3 {
				if status := statusOf(t, srv.url, token, "/users/v2"); status != tt.users {
					t.Fatalf("GET /users/v2 = %d, want %d", status, tt.users)
				}
			}
			if status := srv.stop(t); status != 0 {
				t.Errorf("exit %d after stopping:\n%s", status, srv.stderr)
			}
		})
	}
}

func TestServeAcceptsCredentialsFromTheCLI(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	acme := tenantFromCLI(t, db, "Acme")
	globex := tenantFromCLI(t, db, "Globex")
	reader := appFromCLI(t, db, acme.TenantID, "reader", "user:read,user:list")

	srv := serveInProcess(t, nil, "--db", db, "--addr", "127.0.0.1:0")
	for _, tt := range []struct {
		name           string
		creds          credentials
		users, devices int // statuses of GET /users/v2 and /devices/v2
	}{
		{"a tenant's application", acme, http.StatusOK, http.StatusOK},
		{"another tenant's application", globex, http.StatusOK, http.StatusOK},
		{"an application with user scopes", reader, http.StatusOK, http.StatusForbidden},
	} {
		t.Run(tt.name, func(t *testing.T) {
			token := mustExchangeToken(t, srv.url, tt.creds)
			if status := statusOf(t, srv.url, token, "/users/v2"); status != tt.users {
				t.Errorf("GET /users/v2 = %d, want %d", status, tt.users)
			}
			if status := statusOf(t, srv.url, token, "/devices/v2"); status != tt.devices {
				t.Errorf("GET /devices/v2 = %d, want %d", status, tt.devices)
			}
		})
	}
	impostor := reader
	impostor.TenantID = globex.TenantID
	if status, _ := exchangeToken(t, srv.url, impostor); status != http.StatusUnauthorized {
		t.Errorf("an application claiming another tenant: token exchange %d, want 401", status)
	}

	if status := srv.stop(t); status != 0 {
		t.Errorf("exit %d after stopping:\n%s", status, srv.stderr)
	}
	// The database was not empty: no default tenant, nothing to print.
	if out := srv.stdout.String(); out != "" {
		t.Errorf("serve printed %q on a database with tenants", out)
	}
	if n := countTenants(t, db); n != 2 {
		t.Errorf("%d tenants after serving, want 2", n)
	}
	if _, err := os.Stat(credsFileOf(t, db)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("serve wrote a credentials file on a database with tenants (stat: %v)", err)
	}
}

func TestServeStopsGracefullyOnSignals(t *testing.T) {
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			srv := startServer(t, filepath.Join(t.TempDir(), "w.db"), "--no-demo")
			if err := srv.cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-srv.exited:
				srv.exited <- err // for startServer's cleanup
				if err != nil {
					t.Fatalf("wolfden serve after %v: %v, want exit status 0", sig, err)
				}
			case <-time.After(20 * time.Second):
				t.Fatalf("wolfden serve did not exit within 20 s of %v", sig)
			}
		})
	}
}

// A credentials file left by another database is never overwritten
// without --overwrite-credentials: it may hold the only copy of a secret.
// With the flag it is replaced, and made private whatever its mode was.
func TestServeKeepsExistingCredentials(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	path := credsFileOf(t, db)
	// Left over from an earlier database, and readable by everyone.
	const earlier = `{"tenant_id": "earlier", "app_id": "earlier", "app_secret": "only copy"}` + "\n"
	if err := os.WriteFile(path, []byte(earlier), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}

	status, out, errOut := cli(t, nil, "serve", "--db", db, "--addr", "127.0.0.1:0", "--no-demo")
	if status != 1 || out != "" || !strings.Contains(errOut, path) || !strings.Contains(errOut, "--overwrite-credentials") {
		t.Errorf("serve beside another database's credentials: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if b, _ := os.ReadFile(path); string(b) != earlier {
		t.Errorf("the earlier credentials were changed: %q", b)
	}
	if n := countTenants(t, db); n != 0 {
		t.Errorf("%d tenants created without showing their credentials", n)
	}

	srv := serveInProcess(t, nil, "--db", db, "--addr", "127.0.0.1:0", "--no-demo", "--overwrite-credentials")
	mustExchangeToken(t, srv.url, readCredentialsFile(t, path))
	srv.stop(t)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("the new credentials are in a file of mode %o, want 600", perm)
	}
}

// Two databases in one folder keep two credentials files, and
// --credentials names a file of the caller's choosing.
func TestCredentialsFilePerDatabase(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.db"), filepath.Join(dir, "second.db")
	explicit := filepath.Join(t.TempDir(), "third.json")
	for _, args := range [][]string{{"--db", first}, {"--db", second}, {"--db", ":memory:", "--credentials", explicit}} {
		srv := serveInProcess(t, nil, append(args, "--addr", "127.0.0.1:0", "--no-demo")...)
		srv.stop(t)
	}
	a, b, c := readCredentialsFile(t, credsFileOf(t, first)), readCredentialsFile(t, credsFileOf(t, second)), readCredentialsFile(t, explicit)
	if a.TenantID == b.TenantID || a.AppSecret == b.AppSecret || c.AppSecret == a.AppSecret {
		t.Errorf("the databases share credentials: %v, %v, %v", a, b, c)
	}
	status, out, _ := cli(t, nil, "token", "--db", first)
	if status != 0 || !strings.HasPrefix(out, "export TOKEN=") {
		t.Errorf("wolfden token --db first.db: exit %d, %q", status, out)
	}
}

// A taken port stops serve before it creates a database, a tenant or a
// credentials file, and the error names the address.
func TestServeOnTakenPortCreatesNothing(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	status, out, errOut := cli(t, nil, "serve", "--db", db, "--addr", taken.Addr().String())
	if status != 1 || out != "" || !strings.Contains(errOut, taken.Addr().String()) {
		t.Errorf("serve on a taken port: exit %d, stdout %q, stderr %q", status, out, errOut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("serve on a taken port created %v", entries)
	}
}

func TestServeRetriesBootstrapAfterFailedFirstStart(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	blocker := credsFileOf(t, db)
	if err := os.Mkdir(blocker, 0o700); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	run(ctx, []string{"serve", "--db", db, "--addr", "127.0.0.1:0", "--no-demo"}, io.Discard, io.Discard, func(string) string { return "" })

	if err := os.Remove(blocker); err != nil {
		t.Fatal(err)
	}
	srv := serveInProcess(t, nil, "--db", db, "--addr", "127.0.0.1:0", "--no-demo")
	creds := readCredentialsFile(t, credsFileOf(t, db))
	mustExchangeToken(t, srv.url, creds)
	srv.stop(t)
	if out := srv.stdout.String(); !strings.Contains(out, creds.AppSecret) {
		t.Errorf("the first successful start did not print the default credentials: %q", out)
	}
}

// inProcessServer is "wolfden serve" running through run in this process,
// so that the test decides its environment.
type inProcessServer struct {
	url    string
	cancel context.CancelFunc
	exited chan struct{} // closed when run has returned
	// Once exited is closed:
	status int
	stdout bytes.Buffer
	stderr string
}

// serveInProcess starts "wolfden serve args..." with the environment
// environ and returns once it listens. The test's end stops it.
func serveInProcess(t *testing.T, environ map[string]string, args ...string) *inProcessServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	s := &inProcessServer{cancel: cancel, exited: make(chan struct{})}
	logR, logW := io.Pipe()
	urls := make(chan string, 1)
	logged := make(chan string, 1)
	go func() {
		var log strings.Builder
		sc := bufio.NewScanner(logR)
		for sc.Scan() {
			log.WriteString(sc.Text() + "\n")
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				select {
				case urls <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, logR) // a line too long for the scanner must not block the server
		logged <- log.String()
	}()
	go func() {
		s.status = run(ctx, append([]string{"serve"}, args...), &s.stdout, logW, func(k string) string { return environ[k] })
		logW.Close()
		s.stderr = <-logged
		close(s.exited)
	}()
	t.Cleanup(func() { s.stop(t) })

	select {
	case s.url = <-urls:
		return s
	case <-s.exited:
		t.Fatalf("wolfden serve exited with status %d before listening:\n%s", s.status, s.stderr)
	case <-time.After(20 * time.Second):
		t.Fatal("wolfden serve did not listen within 20 s")
	}
	return nil
}

// stop cancels the server's context, as SIGTERM does in main, and returns
// its exit status.
func (s *inProcessServer) stop(t *testing.T) int {
	t.Helper()
	s.cancel()
	select {
	case <-s.exited:
	case <-time.After(20 * time.Second):
		t.Fatal("wolfden serve did not return within 20 s of being stopped")
	}
	return s.status
}

var httpClient = &http.Client{Timeout: 10 * time.Second}

// exchangeToken trades an auth token, built as python-cyapi builds it, for
// an access token, and returns the status of the exchange and the token.
func exchangeToken(t *testing.T, baseURL string, c credentials) (int, string) {
	t.Helper()
	now := time.Now().Unix()
	authToken, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"exp": now + 1800, "iat": now, "iss": "http://cylance.com",
		"sub": c.AppID, "tid": c.TenantID, "jti": uuid.NewString(),
	}).SignedString([]byte(c.AppSecret))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := json.Marshal(map[string]string{"auth_token": authToken})
	res, err := httpClient.Post(baseURL+"/auth/v2/token", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var reply struct {
		AccessToken string `json:"access_token"`
	}
	if res.StatusCode == http.StatusOK {
		if err := json.NewDecoder(res.Body).Decode(&reply); err != nil || reply.AccessToken == "" {
			t.Fatalf("token exchange: 200 without an access token (%v)", err)
		}
	}
	return res.StatusCode, reply.AccessToken
}

func mustExchangeToken(t *testing.T, baseURL string, c credentials) string {
	t.Helper()
	status, token := exchangeToken(t, baseURL, c)
	if status != http.StatusOK {
		t.Fatalf("token exchange: status %d, want 200", status)
	}
	return token
}

// statusOf returns the status of GET path with the access token.
func statusOf(t *testing.T, baseURL, token, path string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, baseURL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := httpClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

// tenantFromCLI runs "wolfden tenant create" and returns what it printed.
func tenantFromCLI(t *testing.T, db, name string) credentials {
	t.Helper()
	status, out, errOut := cli(t, nil, "tenant", "create", "--name", name, "--db", db)
	if status != 0 {
		t.Fatalf("tenant create %q: exit %d: %s", name, status, errOut)
	}
	c := decodeOne(t, out, "tenant_id", "app_id", "app_secret")
	return credentials{TenantID: c["tenant_id"], AppID: c["app_id"], AppSecret: c["app_secret"]}
}

// appFromCLI runs "wolfden app create" and returns what it printed, with
// the tenant id that goes with it.
func appFromCLI(t *testing.T, db, tenantID, name, scopes string) credentials {
	t.Helper()
	status, out, errOut := cli(t, nil, "app", "create", "--tenant", tenantID, "--name", name, "--scopes", scopes, "--db", db)
	if status != 0 {
		t.Fatalf("app create %q: exit %d: %s", name, status, errOut)
	}
	c := decodeOne(t, out, "app_id", "app_secret")
	return credentials{TenantID: tenantID, AppID: c["app_id"], AppSecret: c["app_secret"]}
}

func readCredentialsFile(t *testing.T, path string) credentials {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var c credentials
	if err := json.Unmarshal(b, &c); err != nil || c.AppSecret == "" {
		t.Fatalf("%s holds no credentials (%v): %q", path, err, b)
	}
	return c
}

func openStore(t *testing.T, db string) *sqlstore.Store {
	t.Helper()
	s, err := sqlstore.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func storedApp(t *testing.T, db, tenantID, appID string) *wolfden.Application {
	t.Helper()
	tid, ok1 := wolfden.ParseID(tenantID)
	aid, ok2 := wolfden.ParseID(appID)
	if !ok1 || !ok2 {
		t.Fatalf("tenant %q, application %q: not GUIDs", tenantID, appID)
	}
	app, err := openStore(t, db).ForTenant(tid).Application(context.Background(), aid)
	if err != nil {
		t.Fatalf("application %s of tenant %s: %v", appID, tenantID, err)
	}
	return app
}

// noKey is the candidate signingKeyID offers: it comes back when db had
// no signing key.
const noKey = "no-key"

// signingKeyID returns the id of db's access-token signing key, or noKey.
func signingKeyID(t *testing.T, db string) string {
	t.Helper()
	key, err := openStore(t, db).SigningKey(context.Background(), wolfden.SigningKey{ID: noKey, Secret: []byte(noKey)})
	if err != nil {
		t.Fatal(err)
	}
	return key.ID
}

// serve refuses a bad setting at start-up, before it opens a database,
// with a message that names it.
func TestServeRefusesBadSettings(t *testing.T) {
	db := filepath.Join(t.TempDir(), "w.db")
	for _, tt := range []struct {
		name    string
		environ map[string]string
		flags   []string
		want    string // in the message
	}{
		{"rate NaN", nil, []string{"--rate-limit", "NaN"}, "--rate-limit"},
		{"rate infinite", nil, []string{"--rate-limit", "+Inf"}, "--rate-limit"},
		{"rate too small", nil, []string{"--rate-limit", "1e-300"}, "--rate-limit"},
		{"rate too large", nil, []string{"--rate-limit", "1e300"}, "--rate-limit"},
		{"rate negative", nil, []string{"--rate-limit", "-1"}, "--rate-limit"},
		{"rate NaN from the environment", map[string]string{"WOLFDEN_RATE_LIMIT": "NaN"}, nil, "WOLFDEN_RATE_LIMIT"},
		{"rate too small from the environment", map[string]string{"WOLFDEN_RATE_LIMIT": "0.001"}, nil, "WOLFDEN_RATE_LIMIT"},
		{"callback allowlist", map[string]string{"WOLFDEN_CALLBACK_ALLOWLIST": "https://hooks.example.org/x"}, nil, "WOLFDEN_CALLBACK_ALLOWLIST"},
		{"admin token of one byte", map[string]string{"WOLFDEN_ADMIN_TOKEN": "a"}, nil, "WOLFDEN_ADMIN_TOKEN is 1 bytes: use at least 16"},
		{"admin token of 15 bytes", map[string]string{"WOLFDEN_ADMIN_TOKEN": "fifteen-bytes!!"}, nil, "WOLFDEN_ADMIN_TOKEN"},
		{"auth failure rate NaN", nil, []string{"--auth-failure-rate", "NaN"}, "--auth-failure-rate"},
		{"auth failure rate too small", map[string]string{"WOLFDEN_AUTH_FAILURE_RATE": "1e-9"}, nil, "WOLFDEN_AUTH_FAILURE_RATE"},
		{"auth failure rate not a number", map[string]string{"WOLFDEN_AUTH_FAILURE_RATE": "often"}, nil, "WOLFDEN_AUTH_FAILURE_RATE"},
		{"auth failure burst 0", nil, []string{"--auth-failure-burst", "0"}, "--auth-failure-burst"},
		{"auth failure burst not a number", map[string]string{"WOLFDEN_AUTH_FAILURE_BURST": "many"}, nil, "WOLFDEN_AUTH_FAILURE_BURST"},
		{"token lifetime of a day and more", nil, []string{"--token-lifetime", "25h"}, "--token-lifetime"},
		{"token lifetime of nothing", nil, []string{"--token-lifetime", "0s"}, "--token-lifetime"},
		{"clock skew not a duration", map[string]string{"WOLFDEN_CLOCK_SKEW": "a minute"}, nil, "WOLFDEN_CLOCK_SKEW"},
		{"token requests negative", nil, []string{"--token-requests", "-5"}, "--token-requests"},
		{"agent delay scale negative", nil, []string{"--agent-delay-scale", "-1"}, "--agent-delay-scale"},
		{"agent delay scale too large", nil, []string{"--agent-delay-scale", "1001"}, "--agent-delay-scale"},
		{"agent delay scale NaN", map[string]string{"WOLFDEN_AGENT_DELAY_SCALE": "NaN"}, nil, "WOLFDEN_AGENT_DELAY_SCALE"},
		{"public URL not http", nil, []string{"--public-url", "ftp://wolfden.example.org"}, "--public-url"},
		{"public URL relative", nil, []string{"--public-url", "wolfden.example.org"}, "--public-url"},
		{"public URL without a host", nil, []string{"--public-url", "http://"}, "--public-url"},
		{"public URL with a query", nil, []string{"--public-url", "http://wolfden.example.org/?a=1"}, "--public-url"},
		{"public URL with an empty query", nil, []string{"--public-url", "http://wolfden.example.org?"}, "--public-url"},
		{"public URL with a fragment", nil, []string{"--public-url", "http://wolfden.example.org/#top"}, "--public-url"},
		{"public URL with a user", nil, []string{"--public-url", "http://me:pw@wolfden.example.org"}, "--public-url"},
		{"public URL from the environment", map[string]string{"WOLFDEN_PUBLIC_URL": "//wolfden.example.org"}, nil, "WOLFDEN_PUBLIC_URL"},
		{"journal negative", nil, []string{"--journal", "-1"}, "--journal"},
		{"journal too large", nil, []string{"--journal", "1000001"}, "--journal"},
		{"journal not a number", map[string]string{"WOLFDEN_JOURNAL": "lots"}, nil, "WOLFDEN_JOURNAL"},
		{"journal body limit 0", nil, []string{"--journal-body-limit", "0"}, "--journal-body-limit"},
		{"journal body limit over the body bound", map[string]string{"WOLFDEN_JOURNAL_BODY_LIMIT": "1048577"}, nil, "WOLFDEN_JOURNAL_BODY_LIMIT"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			// Stopped before it starts: a setting let through ends the
			// command at once instead of serving.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			var errBuf bytes.Buffer
			status := run(ctx, append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, tt.flags...), io.Discard, &errBuf,
				func(k string) string { return tt.environ[k] })
			if errOut := errBuf.String(); status != 1 || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 1 naming %s", status, errOut, tt.want)
			}
		})
	}
	if _, err := os.Stat(db); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a refused start created the database (stat: %v)", err)
	}
}

// serve throttles failed authentication per client address, by default
// after 20 failures at once; the burst comes from the environment or a
// flag, and a rate of 0 turns the throttle off. (The rate is 0.01 where
// the test counts, so that no failure is forgiven while it runs.)
func TestServeThrottlesFailedAuthentication(t *testing.T) {
	for _, tt := range []struct {
		name     string
		environ  map[string]string
		flags    []string
		failures int // answered 401 before the first 429; 0: never a 429
	}{
		{"default burst", map[string]string{"WOLFDEN_AUTH_FAILURE_RATE": "0.01"}, nil, 20},
		{"environment", map[string]string{"WOLFDEN_AUTH_FAILURE_RATE": "0.01", "WOLFDEN_AUTH_FAILURE_BURST": "2"}, nil, 2},
		{"flags win", map[string]string{"WOLFDEN_AUTH_FAILURE_RATE": "0", "WOLFDEN_AUTH_FAILURE_BURST": "2"},
			[]string{"--auth-failure-rate", "0.01", "--auth-failure-burst", "3"}, 3},
		{"off", nil, []string{"--auth-failure-rate", "0"}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			srv := serveInProcess(t, tt.environ, append(tt.flags, "--db", filepath.Join(t.TempDir(), "w.db"), "--addr", "127.0.0.1:0", "--no-demo")...)
			for i := range 30 {
				want := http.StatusUnauthorized
				if tt.failures > 0 && i >= tt.failures {
					want = http.StatusTooManyRequests
				}
				if status := statusOf(t, srv.url, "not-a-token", "/users/v2"); status != want {
					t.Fatalf("failure %d: status %d, want %d", i+1, status, want)
				}
			}
		})
	}
	// The defaults, as the start-up line tells them.
	srv := serveInProcess(t, nil, "--db", filepath.Join(t.TempDir(), "w.db"), "--addr", "127.0.0.1:0", "--no-demo")
	srv.stop(t)
	if !strings.Contains(srv.stderr, "auth_failure_rate=1 auth_failure_burst=20") {
		t.Errorf("the start-up line does not tell the throttle's defaults:\n%s", srv.stderr)
	}
}

// The links serve hands out are built from --public-url (or
// WOLFDEN_PUBLIC_URL), by default from the address it listens on.
func TestServePublicURL(t *testing.T) {
	for _, tt := range []struct {
		name    string
		environ map[string]string
		flags   []string
		want    string // the links' prefix; "": the server's own URL
	}{
		{"default", nil, nil, ""},
		{"flag", map[string]string{"WOLFDEN_PUBLIC_URL": "http://env.example.org"}, []string{"--public-url", "https://wolfden.example.org/lab/"},
			"https://wolfden.example.org/lab/installers/"},
		{"environment", map[string]string{"WOLFDEN_PUBLIC_URL": "http://env.example.org:8443"}, nil, "http://env.example.org:8443/installers/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "w.db")
			srv := serveInProcess(t, tt.environ, append(tt.flags, "--db", db, "--addr", "127.0.0.1:0", "--no-demo")...)
			token := mustExchangeToken(t, srv.url, readCredentialsFile(t, credsFileOf(t, db)))
			req, _ := http.NewRequest(http.MethodGet, srv.url+"/devices/v2/installer?product=Protect&os=Windows&package=Msi&architecture=X64", nil)
			req.Header.Set("Authorization", "Bearer "+token)
			req.Host = "evil.example"
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			var body struct{ URL string }
			if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != 200 {
				t.Fatalf("installer link: %d, %v", res.StatusCode, err)
			}
			want := cmp.Or(tt.want, srv.url+"/installers/")
			if !strings.HasPrefix(body.URL, want) {
				t.Errorf("link %q, want it under %s", body.URL, want)
			}
		})
	}
}
