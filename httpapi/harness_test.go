package httpapi_test

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/server"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
	"github.com/wolfden/wolfden/store"
	"github.com/wolfden/wolfden/wolfdentest"
	"github.com/wolfden/wolfden/worker"
)

// clock is a settable test clock.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// harness is a real API server on a real store, reached over HTTP.
type harness struct {
	t       testing.TB
	store   store.Store
	server  http.Handler
	auth    *auth.Service
	clock   *clock
	url     string
	log     *syncBuffer
	faults  *faults.Set
	metrics *metrics.Metrics // nil unless harnessOptions.metrics
	routes  *sync.Map        // X-Request-Id → the route pattern that answered
}

type harnessOptions struct {
	rateLimit float64
	// authFailureRate and authFailureBurst set the throttle of failed
	// authentication (default: off).
	authFailureRate  float64
	authFailureBurst int
	// wrap, when set, wraps the store the API serves (to inject faults).
	wrap func(store.Store) store.Store
	// discardLog formats the server log as usual but keeps none of it;
	// logFormat "json" formats it as JSON, "none" not at all.
	discardLog bool
	logFormat  string
	// keyRefresh is how often the API re-reads the signing key (default 5 s).
	keyRefresh time.Duration
	// adminToken turns the control plane on.
	adminToken string
	// callbackAllowlist is where deletion callbacks may go
	// (WOLFDEN_CALLBACK_ALLOWLIST's form).
	callbackAllowlist string
	// callbackResolver resolves callback hosts (default: the system's).
	callbackResolver *net.Resolver
	// sweepInterval is how often background work runs (default 30 s).
	sweepInterval time.Duration
	// publicURL is where links point (default: the test server's URL).
	publicURL string
	// faults, when set, gives the server a fault rule set with these
	// options (Now defaults to the harness clock), as h.faults.
	faults *faults.Options
	// journal keeps the requests answered (default: none).
	journal *journal.Journal
	// metrics turns metrics on (GET /metrics), as h.metrics.
	metrics bool
}

func newHarness(t testing.TB, b sqltest.Backend, opts harnessOptions) *harness {
	t.Helper()
	h := &harness{t: t, clock: &clock{now: time.Now().UTC().Truncate(time.Second)}, log: &syncBuffer{}, routes: &sync.Map{}}
	h.store = b.Open(t)
	served := h.store
	if opts.wrap != nil {
		served = opts.wrap(h.store)
	}
	var logTo io.Writer = h.log
	if opts.discardLog {
		logTo = io.Discard
	}
	callbacks, err := worker.ParseCallbackAllowlist(opts.callbackAllowlist)
	if err != nil {
		t.Fatal(err)
	}
	if opts.faults != nil {
		fo := *opts.faults
		if fo.Now == nil {
			fo.Now = h.clock.Now
		}
		h.faults = faults.New(fo)
	}
	// The API serves the (perhaps wrapped) store; tokens are checked on
	// the store itself, with the test's clock.
	h.auth = auth.New(h.store, auth.Options{Now: h.clock.Now, KeyRefresh: opts.keyRefresh})
	if opts.metrics {
		h.metrics = metrics.New()
	}
	// wolfdentest starts the server, as it does for any Go test; the
	// harness sets what its tests vary.
	srv := wolfdentest.New(t, wolfdentest.WithStore(served), wolfdentest.WithoutTenant(),
		wolfdentest.WithMiddleware(h.noteRoutes),
		wolfdentest.WithConfig(func(c *server.Config) {
			c.Logger = slog.New(httpapi.LimitLog(logHandler(opts.logFormat, logTo)))
			c.Now, c.Metrics = h.clock.Now, h.metrics
			c.API = httpapi.Config{
				Auth:             h.auth,
				RateLimit:        opts.rateLimit,
				AuthFailureRate:  opts.authFailureRate,
				AuthFailureBurst: opts.authFailureBurst,
				AdminToken:       opts.adminToken,
				PublicURL:        cmp.Or(opts.publicURL, c.API.PublicURL),
				Faults:           h.faults,
				Journal:          opts.journal,
			}
			c.Worker = worker.Config{
				SweepInterval:     opts.sweepInterval,
				CallbackAllowlist: callbacks,
				CallbackResolver:  opts.callbackResolver,
			}
		}))
	h.url, h.server = srv.URL, srv.Handler
	return h
}

func logHandler(format string, w io.Writer) slog.Handler {
	switch format {
	case "json":
		return slog.NewJSONHandler(w, nil)
	case "none":
		return slog.DiscardHandler
	}
	return slog.NewTextHandler(w, nil)
}

// sub returns the harness for a subtest, so failures end the subtest.
func (h *harness) sub(t *testing.T) *harness {
	c := *h
	c.t = t
	return &c
}

// syncBuffer collects the server log.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// tenant is a tenant and its all-privilege application.
type tenant struct {
	id  uuid.UUID
	app *wolfden.Application
}

func (h *harness) newTenant(name string) tenant {
	h.t.Helper()
	tn, app, err := wolfden.NewTenant(name, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.store.CreateTenant(context.Background(), tn, app); err != nil {
		h.t.Fatal(err)
	}
	return tenant{id: tn.ID, app: app}
}

// newApp adds an application with the given scopes to a tenant.
func (h *harness) newApp(tn tenant, scopes ...wolfden.Scope) tenant {
	h.t.Helper()
	app, err := wolfden.NewApplication(tn.id, "limited", scopes, h.clock.Now())
	if err != nil {
		h.t.Fatal(err)
	}
	if err := h.store.ForTenant(tn.id).CreateApplication(context.Background(), app); err != nil {
		h.t.Fatal(err)
	}
	return tenant{id: tn.id, app: app}
}

// claims returns valid client auth-token claims for tn's application.
func (h *harness) claims(tn tenant) jwt.MapClaims {
	now := h.clock.Now()
	return jwt.MapClaims{
		"exp": now.Add(30 * time.Minute).Unix(),
		"iat": now.Unix(),
		"iss": "http://cylance.com",
		"sub": tn.app.ID.String(),
		"tid": tn.id.String(),
		"jti": uuid.NewString(),
	}
}

// sign builds a client auth token the way python-cyapi does.
func sign(t testing.TB, claims jwt.MapClaims, secret string) string {
	t.Helper()
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString([]byte(secret))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// token exchanges a fresh auth token of tn for an access token.
func (h *harness) token(tn tenant) string {
	h.t.Helper()
	return h.tokenFor(h.claims(tn), tn.app.Secret)
}

func (h *harness) tokenFor(claims jwt.MapClaims, secret string) string {
	h.t.Helper()
	res := h.do(http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": sign(h.t, claims, secret)})
	res.want(http.StatusOK)
	tok, _ := res.json()["access_token"].(string)
	if tok == "" {
		h.t.Fatalf("token response has no access_token: %s", res.body)
	}
	return tok
}

type response struct {
	t      testing.TB
	req    string
	status int
	header http.Header
	body   []byte
}

// do sends a request; body is JSON-encoded unless it is a string, sent
// as it is. Every response must carry a request id and the JSON content
// type, but for the files of CSV exports and report downloads, which
// must be text/csv.
func (h *harness) do(method, path, token string, body any) *response {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		enc, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(enc)
	}
	req, err := http.NewRequest(method, h.url+path, rd)
	if err != nil {
		h.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json; charset=utf-8")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return h.send(req)
}

// isFileRoute tells the routes whose success is a CSV file: exports
// (…/csv) and report downloads.
func isFileRoute(method, path string) bool {
	path, _, _ = strings.Cut(path, "?")
	return method == http.MethodGet && (strings.HasSuffix(path, "/csv") || strings.HasSuffix(path, "/download"))
}

// nonJSONRoutes are the routes whose success is not JSON, and its type.
var nonJSONRoutes = map[string]string{
	"/openapi":      "text/html; charset=utf-8",
	"/openapi.yaml": "application/yaml; charset=utf-8",
	"/metrics":      "text/plain; version=0.0.4; charset=utf-8; escaping=underscores",
}

// send sends a request built by the caller, with do's checks.
func (h *harness) send(req *http.Request) *response {
	h.t.Helper()
	method, path := req.Method, strings.TrimPrefix(req.URL.String(), h.url)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	r := &response{t: h.t, req: method + " " + path, status: res.StatusCode, header: res.Header, body: b}
	want := "application/json; charset=utf-8"
	switch {
	case len(b) == 0:
		want = "" // an empty body claims no type
		if r.status >= 400 && (r.status != http.StatusNotFound || method != http.MethodGet) {
			h.t.Errorf("%s: error %d with an empty body", r.req, r.status)
		}
	case r.status == http.StatusOK && isFileRoute(method, path):
		want = "text/csv; charset=utf-8"
	case r.status == http.StatusOK && nonJSONRoutes[strings.SplitN(path, "?", 2)[0]] != "":
		want = nonJSONRoutes[strings.SplitN(path, "?", 2)[0]]
	}
	if ct := res.Header.Get("Content-Type"); ct != want {
		h.t.Errorf("%s: Content-Type = %q, want %q", r.req, ct, want)
	}
	if res.Header.Get("X-Request-Id") == "" {
		h.t.Errorf("%s: no X-Request-Id", r.req)
	}
	if r.status >= 400 && len(b) > 0 {
		if m, _ := r.json()["message"].(string); m == "" {
			h.t.Errorf("%s: error %d without a message: %s", r.req, r.status, b)
		}
	}
	h.checkContract(r, res)
	return r
}

// want fails the test unless the status is status.
func (r *response) want(status int) *response {
	r.t.Helper()
	if r.status != status {
		r.t.Fatalf("%s: status %d, want %d; body: %s", r.req, r.status, status, r.body)
	}
	return r
}

// json decodes the body as an object.
func (r *response) json() map[string]any {
	r.t.Helper()
	var m map[string]any
	if err := json.Unmarshal(r.body, &m); err != nil {
		r.t.Fatalf("%s: body is not a JSON object: %v: %s", r.req, err, r.body)
	}
	return m
}

// array decodes the body as an array.
func (r *response) array() []any {
	r.t.Helper()
	var a []any
	if err := json.Unmarshal(r.body, &a); err != nil {
		r.t.Fatalf("%s: body is not a JSON array: %v: %s", r.req, err, r.body)
	}
	return a
}

// field returns a top-level string member.
func (r *response) field(name string) string {
	r.t.Helper()
	v, _ := r.json()[name].(string)
	return v
}

// wantScope checks that a route refuses a token holding every scope but
// scope (403) and serves one holding only scope (200).
func (h *harness) wantScope(tn tenant, method, path string, scope wolfden.Scope, body any) {
	h.t.Helper()
	h.wantScopeStatus(tn, method, path, scope, body, http.StatusOK)
}

// wantScopeStatus is wantScope for a route whose success is status.
func (h *harness) wantScopeStatus(tn tenant, method, path string, scope wolfden.Scope, body any, status int) {
	h.t.Helper()
	var rest []wolfden.Scope
	for _, s := range wolfden.AllScopes {
		if s != scope {
			rest = append(rest, s)
		}
	}
	h.do(method, path, h.token(h.newApp(tn, rest...)), body).want(http.StatusForbidden)
	h.do(method, path, h.token(h.newApp(tn, scope)), body).want(status)
}
