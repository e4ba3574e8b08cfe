package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden/seed"
)

// serveProcess is a wolfden serve process: this test binary run as the command.
type serveProcess struct {
	t      *testing.T
	cmd    *exec.Cmd
	url    string
	stdout *bytes.Buffer
	mu     *sync.Mutex // guards stdout
	exited chan error
}

var listening = regexp.MustCompile(`"?url"?[=:]"?(https?://127\.0\.0\.1:\d+)`)

func startServer(t *testing.T, db string, flags ...string) *serveProcess {
	t.Helper()
	cmd := exec.Command(os.Args[0], append([]string{"serve", "--db", db, "--addr", "127.0.0.1:0"}, flags...)...)
	cmd.Env = append(os.Environ(), "WOLFDEN_TEST_RUN_MAIN=1")
	s := &serveProcess{t: t, cmd: cmd, stdout: &bytes.Buffer{}, mu: &sync.Mutex{}, exited: make(chan error, 1)}
	cmd.Stdout = writerFunc(func(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.stdout.Write(p) })
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); <-s.exited })
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
		io.Copy(io.Discard, stderr)
		s.exited <- cmd.Wait()
	}()
	select {
	case s.url = <-urls:
	case err := <-s.exited:
		t.Fatalf("wolfden serve exited before listening: %v", err)
	case <-time.After(20 * time.Second):
		t.Fatal("wolfden serve did not start listening within 20 s")
	}
	return s
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

func (s *serveProcess) output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.stdout.String()
}

// printedCredentials returns the credentials serve printed. Its stdout is
// copied apart from the stderr that says it listens, so they may lag.
func (s *serveProcess) printedCredentials() credentials {
	s.t.Helper()
	var creds credentials
	deadline := time.Now().Add(10 * time.Second)
	for {
		err := json.Unmarshal([]byte(regexp.MustCompile(`(?s)\{.*?\}`).FindString(s.output())), &creds)
		if err == nil && creds.AppSecret != "" {
			return creds
		}
		if time.Now().After(deadline) {
			s.t.Fatalf("no credentials in the output (%v): %q", err, s.output())
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (s *serveProcess) stop() {
	s.t.Helper()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		s.t.Fatal(err)
	}
	select {
	case err := <-s.exited:
		if err != nil {
			s.t.Fatalf("wolfden serve did not exit cleanly on SIGTERM: %v", err)
		}
		s.exited <- nil // for the cleanup
	case <-time.After(20 * time.Second):
		s.t.Fatal("wolfden serve did not exit within 20 s of SIGTERM")
	}
}

// accessToken exchanges an auth token built as python-cyapi builds it.
func (s *serveProcess) accessToken(creds credentials) string {
	s.t.Helper()
	now := time.Now()
	authToken, err := jwt.NewWithClaims(jwt.SigningMethodHS256, jwt.MapClaims{
		"exp": now.Add(30 * time.Minute).Unix(), "iat": now.Unix(), "iss": "http://cylance.com",
		"sub": creds.AppID, "tid": creds.TenantID, "jti": uuid.NewString(),
	}).SignedString([]byte(creds.AppSecret))
	if err != nil {
		s.t.Fatal(err)
	}
	res, err := http.Post(s.url+"/auth/v2/token", "application/json", strings.NewReader(`{"auth_token":"`+authToken+`"}`))
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || res.StatusCode != 200 {
		s.t.Fatalf("token exchange: status %d, %v", res.StatusCode, err)
	}
	return body.AccessToken
}

// listUsers answers the status of GET /users/v2 with token.
func (s *serveProcess) listUsers(token string) int {
	s.t.Helper()
	status, _ := s.get(token, "/users/v2")
	return status
}

// get answers the status and JSON body of GET path with token.
func (s *serveProcess) get(token, path string) (int, map[string]any) {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.url+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	var body map[string]any
	json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

func TestServe(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "w.db")
	srv := startServer(t, db)

	// First start: the default tenant's credentials, printed once and saved 0600.
	path := credsFileOf(t, db)
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Errorf("%s has mode %o, want 600", path, info.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	var creds credentials
	if err := json.Unmarshal(b, &creds); err != nil {
		t.Fatal(err)
	}
	if printed := srv.printedCredentials(); printed != creds {
		t.Errorf("serve printed %v, wrote %v", printed, creds)
	}
	for _, v := range []string{creds.TenantID, creds.AppID, creds.AppSecret} {
		if !strings.Contains(srv.output(), v) {
			t.Errorf("stdout does not show %s: %q", v, srv.output())
		}
	}
	token := srv.accessToken(creds)
	if status := srv.listUsers(token); status != 200 {
		t.Fatalf("GET /users/v2 = %d", status)
	}
	// The default tenant starts with demo data.
	for path, want := range map[string]float64{"/devices/v2": float64(seed.Demo.Devices),
		"/memoryprotection/v2": float64(seed.Demo.MemoryEvents), "/threats/v2": float64(seed.Demo.Threats)} {
		if status, body := srv.get(token, path); status != 200 || body["total_number_of_items"] != want {
			t.Errorf("GET %s = %d, %v items; want %v", path, status, body["total_number_of_items"], want)
		}
	}
	srv.stop()

	// A restart on the same database prints nothing and honours old tokens.
	srv = startServer(t, db)
	if status := srv.listUsers(token); status != 200 {
		t.Errorf("a token from before the restart: %d, want 200", status)
	}
	if out := srv.output(); strings.Contains(out, creds.AppSecret) {
		t.Errorf("the second start printed the credentials again: %q", out)
	}

	// A key rotated from the CLI retires the token within the refresh interval.
	if status, _, errOut := cli(t, nil, "key", "rotate", "--db", db); status != 0 {
		t.Fatalf("key rotate: exit %d: %s", status, errOut)
	}
	deadline := time.Now().Add(15 * time.Second)
	for srv.listUsers(token) != 401 {
		if time.Now().After(deadline) {
			t.Fatal("the old token is still accepted 15 s after key rotate")
		}
		time.Sleep(200 * time.Millisecond)
	}
	if status := srv.listUsers(srv.accessToken(creds)); status != 200 {
		t.Errorf("a token issued after the rotation: %d", status)
	}
	srv.stop()
}

// SIGTERM lets a request that is under way finish.
func TestServeFinishesInFlightRequests(t *testing.T) {
	dir := t.TempDir()
	srv := startServer(t, filepath.Join(dir, "w.db"), "--no-demo")
	b, _ := os.ReadFile(credsFileOf(t, filepath.Join(dir, "w.db")))
	var creds credentials
	json.Unmarshal(b, &creds)
	token := srv.accessToken(creds)
	if _, body := srv.get(token, "/devices/v2"); body["total_number_of_items"] != 0.0 {
		t.Errorf("--no-demo: %v devices", body["total_number_of_items"])
	}

	conn, err := net.Dial("tcp", strings.TrimPrefix(srv.url, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	body := `{"email": "late@example.org", "user_role": "00000000-0000-0000-0000-000000000002"}`
	fmt.Fprintf(conn, "POST /users/v2 HTTP/1.1\r\nHost: wolfden\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", token, len(body), body[:10])

	// Give the server time to see the request start, then stop it.
	time.Sleep(300 * time.Millisecond)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	io.WriteString(conn, body[10:])

	conn.SetReadDeadline(time.Now().Add(20 * time.Second))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("the in-flight request got no answer: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("the in-flight request: status %d, want 200", res.StatusCode)
	}
	select {
	case err := <-srv.exited:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
		srv.exited <- nil
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not exit after finishing the request")
	}
}

// TestServeThrowaway: --db :memory: serves from a throwaway database with
// the default tenant and its demo data, printing the credentials and
// writing no credentials file.
func TestServeThrowaway(t *testing.T) {
	t.Chdir(t.TempDir())
	srv := startServer(t, ":memory:")
	creds := srv.printedCredentials()
	token := srv.accessToken(creds)
	if status, body := srv.get(token, "/devices/v2"); status != 200 || body["total_number_of_items"] != float64(seed.Demo.Devices) {
		t.Errorf("GET /devices/v2 = %d, %v items; want the %d demo devices", status, body["total_number_of_items"], seed.Demo.Devices)
	}
	if entries, _ := os.ReadDir("."); len(entries) != 0 {
		t.Errorf("a throwaway server wrote %v in the working directory", entries)
	}
	srv.stop()
}

// TestServeTokenLimits: --token-requests caps what one access token may
// do, as the vendor's cap makes python-cyapi renew; a new token starts
// afresh.
func TestServeTokenLimits(t *testing.T) {
	srv := startServer(t, ":memory:", "--token-requests", "2", "--no-demo")
	creds := srv.printedCredentials()
	token := srv.accessToken(creds)
	for i, want := range []int{200, 200, 401} {
		if status := srv.listUsers(token); status != want {
			t.Errorf("request %d with one token: %d, want %d", i+1, status, want)
		}
	}
	if status := srv.listUsers(srv.accessToken(creds)); status != 200 {
		t.Errorf("a new token: %d, want 200", status)
	}
}

// credsFileOf is where serve writes db's default credentials.
func credsFileOf(t *testing.T, db string) string {
	t.Helper()
	path, err := credentialsPath(db, "")
	if err != nil {
		t.Fatal(err)
	}
	return path
}
