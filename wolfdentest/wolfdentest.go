// Package wolfdentest runs wolfden inside a Go test, in the spirit of
// net/http/httptest and fake-gcs-server's fakestorage: New starts the API
// on a loopback port over a throwaway database, with a tenant whose
// credentials and access token are ready, the control plane on, and
// helpers to play the endpoint agents and set fault rules. It stops when
// the test ends.
//
//	srv := wolfdentest.New(t)
//	resp, err := srv.Client.Do(srv.Request(t, "GET", "/devices/v2", nil))
package wolfdentest

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/internal/clienttoken"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/server"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/store"
	"github.com/wolfden/wolfden/tlsca"
)

// Server is wolfden serving one test.
type Server struct {
	// URL is the API's base URL, such as http://127.0.0.1:41234: what a
	// client is pointed at.
	URL string
	// AdminToken is the control plane's bearer token (/control/v1).
	AdminToken string
	// Tenant is the tenant New made, named "default" as a new server's is
	// (empty with WithoutTenant).
	Tenant Tenant
	// Client is an HTTP client for the server. With WithVendorTLS it
	// trusts the server's CA and reaches the server under the vendor's
	// host names too (https://protectapi.cylance.com/...).
	Client *http.Client
	// Handler is the API itself, to serve requests in-process (a
	// benchmark without sockets).
	Handler http.Handler
	// CACertFile is, with WithVendorTLS, the PEM file of the CA that signed
	// the server's certificate: what a client in another language is told
	// to trust (REQUESTS_CA_BUNDLE, SSL_CERT_FILE, curl --cacert).
	CACertFile string

	close func()
}

// Tenant is a tenant's id and its application's credentials, as "wolfden
// tenant create" prints them.
type Tenant struct {
	ID        string `json:"tenant_id"`
	AppID     string `json:"app_id"`
	AppSecret string `json:"app_secret"`
}

type config struct {
	demo       bool
	rateLimit  float64
	log        io.Writer
	delayScale float64
	vendorTLS  bool
	store      store.Store // the caller's; nil: a throwaway database
	noTenant   bool
	adjust     func(*server.Config)
	wrap       func(http.Handler) http.Handler
}

// Option changes what New starts.
type Option func(*config)

// WithDemoData gives the tenant the demo data a new server's default
// tenant gets: devices, zones, threats, memory-protection events and
// detections (docs/control-plane.md). Without it the tenant starts empty.
func WithDemoData() Option { return func(c *config) { c.demo = true } }

// WithRateLimit limits each tenant to rps requests a second, as a server
// does by default (100); without it a test's requests are never limited.
func WithRateLimit(rps float64) Option { return func(c *config) { c.rateLimit = rps } }

// WithAgentDelays scales how long the simulated agents take to carry out
// OPTICS commands: 0 makes them instant, 1 is a server's default (2 s to
// pick one up, 8 s to finish). Without it they are instant. AdvanceClock
// moves their time forward instead.
func WithAgentDelays(scale float64) Option { return func(c *config) { c.delayScale = scale } }

// WithVendorTLS serves HTTPS with a certificate for 127.0.0.1, localhost
// and every host name of the vendor's API (tlsca.VendorHosts), signed by a
// CA made for the test (Server.CACertFile). Server.Client trusts that CA
// and dials the server whatever host it is asked for, so that a client
// that builds https://protectapi-euc1.cylance.com from a region name can
// be tested unchanged.
func WithVendorTLS() Option { return func(c *config) { c.vendorTLS = true } }

// WithStore serves st, which the caller opened and closes, instead of a
// throwaway SQLite database: a PostgreSQL database, say, or a store the
// test wraps to inject failures. Its tenants are the server's.
func WithStore(st store.Store) Option { return func(c *config) { c.store = st } }

// WithoutTenant starts the server with no tenant: Server.Tenant is empty,
// and WithDemoData has nothing to fill.
func WithoutTenant() Option { return func(c *config) { c.noTenant = true } }

// WithConfig changes the server's configuration before it is assembled,
// with every field wolfdentest sets already set: clocks, limits, the
// fault rules, the journal, metrics. wolfden's own black-box tests start
// their servers so; AdminToken is then the configuration's.
func WithConfig(adjust func(*server.Config)) Option { return func(c *config) { c.adjust = adjust } }

// WithMiddleware wraps the server's handler, to see or change every
// request before the API does.
func WithMiddleware(wrap func(http.Handler) http.Handler) Option {
	return func(c *config) { c.wrap = wrap }
}

// WithLog writes the server's log to w (default: discarded).
func WithLog(w io.Writer) Option { return func(c *config) { c.log = w } }

// journalSize is how many requests a test server's journal keeps.
const journalSize = 1000

// TB is what the helpers need of a test: a *testing.T or *testing.B, or
// anything that fails the same way.
type TB interface {
	Helper()
	Fatalf(format string, args ...any)
}

// New starts a server for t; it stops, and its database is removed, when
// t ends. A failure to start fails t.
func New(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Start(opts...)
	if err != nil {
		t.Fatalf("wolfdentest: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a server; Close stops it. Tests use New.
func Start(opts ...Option) (*Server, error) {
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	log := slog.New(slog.DiscardHandler)
	if cfg.log != nil {
		log = slog.New(httpapi.LimitLog(slog.NewTextHandler(cfg.log, nil)))
	}
	ctx, stop := context.WithCancel(context.Background())
	st, closeStore := cfg.store, func() {}
	if st == nil {
		opened, err := sqlstore.Open(ctx, sqlstore.Memory)
		if err != nil {
			stop()
			return nil, fmt.Errorf("open the database: %w", err)
		}
		st, closeStore = opened, func() { opened.Close() }
	}
	fail := func(err error) (*Server, error) {
		stop()
		closeStore()
		return nil, err
	}
	ts := httptest.NewUnstartedServer(nil)
	addr := ts.Listener.Addr().String()
	srv := &Server{URL: "http://" + addr, Client: &http.Client{}}
	if !cfg.noTenant {
		tn, app, err := wolfden.NewTenant("default", time.Now())
		if err != nil {
			return fail(err)
		}
		if err := st.CreateTenant(ctx, tn, app); err != nil {
			return fail(fmt.Errorf("create the tenant: %w", err))
		}
		if cfg.demo {
			if _, err := seed.RunDemo(ctx, st.ForTenant(tn.ID), time.Now()); err != nil {
				return fail(fmt.Errorf("demo data: %w", err))
			}
		}
		srv.Tenant = Tenant{ID: tn.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret}
	}

	var cleanup func()
	if cfg.vendorTLS {
		var err error
		if cleanup, err = srv.serveVendorTLS(ts, addr); err != nil {
			return fail(err)
		}
	}
	agents := agentsim.DefaultSchedule.Scaled(cfg.delayScale)
	sc := server.Config{Store: st, Logger: log, API: httpapi.Config{
		RateLimit: cfg.rateLimit, PublicURL: srv.URL, AdminToken: rand.Text(),
		Faults: faults.New(faults.Options{}), Agents: &agents, Journal: journal.New(journalSize, journal.DefaultBodyLimit),
	}}
	if cfg.adjust != nil {
		cfg.adjust(&sc)
	}
	assembled := server.New(sc)
	srv.AdminToken, srv.Handler = sc.API.AdminToken, assembled.API
	ts.Config.Handler = assembled.API
	if cfg.wrap != nil {
		ts.Config.Handler = cfg.wrap(assembled.API)
	}
	// The JSON error rewriting sees plaintext: it wraps the TLS listener.
	ts.Listener = httpapi.NewListener(ts.Listener)
	ts.Start()
	if !cfg.vendorTLS {
		srv.Client = ts.Client()
	}
	go assembled.Run(ctx)
	srv.close = func() {
		srv.Client.CloseIdleConnections()
		ts.Close()
		stop()
		closeStore()
		if cleanup != nil {
			cleanup()
		}
	}
	return srv, nil
}

// serveVendorTLS puts TLS under ts's listener with a certificate from a
// new CA (tlsca) and gives s a client that trusts it and dials addr for
// any host. It returns what removes the CA's files.
func (s *Server) serveVendorTLS(ts *httptest.Server, addr string) (func(), error) {
	dir, err := os.MkdirTemp("", "wolfdentest-tls-")
	if err != nil {
		return nil, err
	}
	cleanup := func() { os.RemoveAll(dir) }
	certs, err := tlsca.Init(tlsca.Options{Dir: dir})
	if err != nil {
		cleanup()
		return nil, fmt.Errorf("make the test's CA: %w", err)
	}
	cfg, err := tlsca.ServerConfig(certs.Cert, certs.Key)
	if err != nil {
		cleanup()
		return nil, err
	}
	pool, err := tlsca.CertPool(certs.CACert)
	if err != nil {
		cleanup()
		return nil, err
	}
	ts.Listener = tls.NewListener(ts.Listener, cfg)
	s.URL, s.CACertFile = "https://"+addr, certs.CACert
	s.Client = &http.Client{Transport: &http.Transport{
		TLSClientConfig: &tls.Config{RootCAs: pool},
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return (&net.Dialer{}).DialContext(ctx, network, addr)
		},
	}}
	return cleanup, nil
}

// Close stops the server and removes its database.
func (s *Server) Close() { s.close() }

// Token trades the tenant's credentials for an access token at
// POST /auth/v2/token, as a client does, and returns it.
func (s *Server) Token(t TB, tn Tenant) string {
	t.Helper()
	signed, err := clienttoken.Sign(tn.ID, tn.AppID, tn.AppSecret, time.Now())
	if err != nil {
		t.Fatalf("wolfdentest: %v", err)
	}
	var answer struct {
		AccessToken string `json:"access_token"`
	}
	s.call(t, http.MethodPost, "/auth/v2/token", "", map[string]string{"auth_token": signed}, &answer)
	return answer.AccessToken
}

// Request returns a request of the API for the default tenant, with a
// fresh access token; body, when not nil, is sent as JSON.
func (s *Server) Request(t TB, method, path string, body any) *http.Request {
	t.Helper()
	return s.request(t, method, path, s.Token(t, s.Tenant), body)
}

// Control calls the control plane (path under /control/v1) and decodes a
// JSON answer into out, when out is not nil. An answer other than 2xx
// fails t.
func (s *Server) Control(t TB, method, path string, body, out any) {
	t.Helper()
	s.call(t, method, "/control/v1"+path, s.AdminToken, body, out)
}

// NewTenant creates a tenant through the control plane.
func (s *Server) NewTenant(t TB, name string) Tenant {
	t.Helper()
	var tn Tenant
	s.Control(t, http.MethodPost, "/tenants", map[string]string{"name": name}, &tn)
	return tn
}

// ResetTenant empties the tenant as if new, keeping its credentials; with
// demo it gets the demo data again.
func (s *Server) ResetTenant(t TB, tn Tenant, demo bool) {
	t.Helper()
	s.Control(t, http.MethodPost, "/tenants/"+tn.ID+"/reset", map[string]bool{"demo": demo}, nil)
}

// Seed fills the tenant with generated devices, threats, memory events and
// detections: plan's members are those of POST
// /control/v1/tenants/{tenant}/seed (devices, threats, sightings,
// memory_events, detections, seed).
func (s *Server) Seed(t TB, tn Tenant, plan map[string]any) {
	t.Helper()
	s.Control(t, http.MethodPost, "/tenants/"+tn.ID+"/seed", plan, nil)
}

// RegisterDevice plays a device's agent registering, with the members of
// POST /control/v1/tenants/{tenant}/devices, and returns the device's id.
func (s *Server) RegisterDevice(t TB, tn Tenant, device map[string]any) string {
	t.Helper()
	var d struct {
		ID string `json:"id"`
	}
	s.Control(t, http.MethodPost, "/tenants/"+tn.ID+"/devices", device, &d)
	return d.ID
}

// ReportThreat plays a device's agent finding a threat, with the members
// of POST /control/v1/tenants/{tenant}/devices/{device}/threats.
func (s *Server) ReportThreat(t TB, tn Tenant, deviceID string, threat map[string]any) {
	t.Helper()
	s.Control(t, http.MethodPost, "/tenants/"+tn.ID+"/devices/"+deviceID+"/threats", threat, nil)
}

// ResetServer makes the server as on its first start: every tenant goes,
// and s.Tenant is a new "default" one, with the demo data when demo.
func (s *Server) ResetServer(t TB, demo bool) {
	t.Helper()
	s.Control(t, http.MethodPost, "/reset", map[string]bool{"demo": demo}, &s.Tenant)
}

// ExportTenant answers the tenant's whole state as a JSON document, which
// ImportTenant (or POST /control/v1/tenants/import) takes on another
// server: write it to a file and check it in as a fixture.
func (s *Server) ExportTenant(t TB, tn Tenant) []byte {
	t.Helper()
	var dump json.RawMessage
	s.Control(t, http.MethodGet, "/tenants/"+tn.ID+"/export", nil, &dump)
	return dump
}

// ImportTenant stores an exported tenant on this server, under its id and
// with its credentials, named name (its own name when ""), and answers its
// id.
func (s *Server) ImportTenant(t TB, dump []byte, name string) string {
	t.Helper()
	var tn struct {
		ID string `json:"tenant_id"`
	}
	s.Control(t, http.MethodPost, "/tenants/import?"+url.Values{"name": {name}}.Encode(), json.RawMessage(dump), &tn)
	return tn.ID
}

// AdvanceClock moves the simulated agents' time forward by d: commands
// complete, lockdowns expire and inactive devices come due at once.
func (s *Server) AdvanceClock(t TB, d time.Duration) {
	t.Helper()
	s.Control(t, http.MethodPost, "/clock", map[string]float64{"advance_seconds": d.Seconds()}, nil)
}

// Journal answers the requests the server answered, newest first, as
// GET /control/v1/journal does with query (its filters: tenant_id, method,
// path, route, status, after, order=oldest, …; nil for the newest 100).
// Credentials in them are redacted.
func (s *Server) Journal(t TB, query url.Values) []map[string]any {
	t.Helper()
	var answer struct {
		Entries []map[string]any `json:"entries"`
	}
	path := "/journal"
	if len(query) > 0 {
		path += "?" + query.Encode()
	}
	s.Control(t, http.MethodGet, path, nil, &answer)
	return answer.Entries
}

// AddFault adds a fault or latency rule, with the members of
// POST /control/v1/faults, and returns its id; the rule goes with the
// server.
func (s *Server) AddFault(t TB, rule map[string]any) string {
	t.Helper()
	var r struct {
		ID string `json:"id"`
	}
	s.Control(t, http.MethodPost, "/faults", rule, &r)
	return r.ID
}

func (s *Server) request(t TB, method, path, token string, body any) *http.Request {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("wolfdentest: %v", err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, s.URL+path, r)
	if err != nil {
		t.Fatalf("wolfdentest: %v", err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return req
}

// call sends a request and decodes its 2xx answer into out.
func (s *Server) call(t TB, method, path, token string, body, out any) {
	t.Helper()
	resp, err := s.Client.Do(s.request(t, method, path, token, body))
	if err != nil {
		t.Fatalf("wolfdentest: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("wolfdentest: %v", err)
	}
	if resp.StatusCode/100 != 2 {
		t.Fatalf("wolfdentest: %s %s: %s: %s", method, path, resp.Status, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("wolfdentest: %s %s: %v: %s", method, path, err, fmt.Sprintf("%.200s", b))
		}
	}
}
