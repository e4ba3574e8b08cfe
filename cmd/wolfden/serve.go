package main

import (
	"cmp"
	"context"
	"crypto/tls"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/auth"
	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/internal/buildinfo"
	"github.com/wolfden/wolfden/journal"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/seed"
	"github.com/wolfden/wolfden/server"
	"github.com/wolfden/wolfden/sqlstore"
	"github.com/wolfden/wolfden/store"
	"github.com/wolfden/wolfden/tlsca"
	"github.com/wolfden/wolfden/worker"
)

// minAdminToken is the shortest admin token serve accepts: the control
// plane can do anything to any tenant, and a short token can be guessed.
const minAdminToken = 16

// maxDelayScale bounds --agent-delay-scale: a command then takes hours.
const maxDelayScale = 1000

// serveSettings are serve's flags and environment, checked.
type serveSettings struct {
	db, addr, pprofAddr        string
	publicURL                  string // "": the listener's address
	rateLimit, authFailureRate float64
	authFailureBurst           int
	agentDelayScale            float64
	limits                     auth.Limits
	journal, journalBodyLimit  int // entries kept, 0 off; bytes of each body
	noDemo                     bool
	adminToken                 string
	callbacks                  worker.CallbackAllowlist
	credentials                string // the default tenant's credentials file
	overwriteCredentials       bool
	logFormat                  string // text or json
	metrics                    bool
	tls                        *tls.Config
}

// parseServeSettings reads and checks serve's settings, so that a bad one
// stops serve before it opens a database.
func parseServeSettings(args []string, getenv env) (*serveSettings, error) {
	var st serveSettings
	defaultRate, err := envFloat(getenv, "WOLFDEN_RATE_LIMIT", 100)
	if err != nil {
		return nil, err
	}
	defaultFailureRate, err := envFloat(getenv, "WOLFDEN_AUTH_FAILURE_RATE", rest.DefaultAuthFailureRate)
	if err != nil {
		return nil, err
	}
	defaultFailureBurst, err := envInt(getenv, "WOLFDEN_AUTH_FAILURE_BURST", rest.DefaultAuthFailureBurst)
	if err != nil {
		return nil, err
	}
	defaultDelayScale, err := envFloat(getenv, "WOLFDEN_AGENT_DELAY_SCALE", 1)
	if err != nil {
		return nil, err
	}
	defaultSkew, err := envDuration(getenv, "WOLFDEN_CLOCK_SKEW", auth.DefaultLimits.ClockSkew)
	if err != nil {
		return nil, err
	}
	defaultLifetime, err := envDuration(getenv, "WOLFDEN_TOKEN_LIFETIME", auth.DefaultLimits.MaxLifetime)
	if err != nil {
		return nil, err
	}
	defaultTokenRequests, err := envInt(getenv, "WOLFDEN_TOKEN_REQUESTS", int(auth.DefaultLimits.TokenRequests))
	if err != nil {
		return nil, err
	}
	defaultJournal, err := envInt(getenv, "WOLFDEN_JOURNAL", 1000)
	if err != nil {
		return nil, err
	}
	defaultJournalBodyLimit, err := envInt(getenv, "WOLFDEN_JOURNAL_BODY_LIMIT", journal.DefaultBodyLimit)
	if err != nil {
		return nil, err
	}
	fs := newFlags("serve", getenv, &st.db)
	fs.StringVar(&st.addr, "addr", envOr(getenv, "WOLFDEN_ADDR", defaultAddr), "listen address")
	fs.StringVar(&st.publicURL, "public-url", getenv("WOLFDEN_PUBLIC_URL"),
		"where clients reach the server, for the links it hands out (default: http:// and the listen address)")
	fs.Float64Var(&st.rateLimit, "rate-limit", defaultRate, "requests per second per tenant and per partner: 0 (unlimited) or 0.01 to 1e6")
	fs.Float64Var(&st.authFailureRate, "auth-failure-rate", defaultFailureRate,
		"failed authentications per second per client address once its burst is spent; past them its credentials get 429 unchecked: 0 (no throttle) or 0.01 to 1e6")
	fs.IntVar(&st.authFailureBurst, "auth-failure-burst", defaultFailureBurst, "failed authentications a client address may make at once: 1 to 1e6")
	fs.IntVar(&st.journal, "journal", defaultJournal, "requests the request journal keeps (GET /control/v1/journal): 0 (off) to 1e6")
	fs.IntVar(&st.journalBodyLimit, "journal-body-limit", defaultJournalBodyLimit, "bytes of each request and response body the journal keeps: 1 to 1 MiB")
	fs.BoolVar(&st.noDemo, "no-demo", false, "do not give a new default tenant demo data")
	fs.DurationVar(&st.limits.ClockSkew, "clock-skew", defaultSkew, "how far ahead of the server's clock a client's auth token may be issued")
	fs.DurationVar(&st.limits.MaxLifetime, "token-lifetime", defaultLifetime, "the longest auth token (exp - iat) and access token")
	fs.Int64Var(&st.limits.TokenRequests, "token-requests", int64(defaultTokenRequests), "requests one access token may make before it is refused: 0 (no cap)")
	fs.Float64Var(&st.agentDelayScale, "agent-delay-scale", defaultDelayScale,
		"how long the simulated agents take, as a multiple of their default delays: 0 (instant) to 1000")
	fs.StringVar(&st.pprofAddr, "pprof", "", "serve Go's runtime profiles (/debug/pprof/) on this loopback address")
	credentials := credentialsFlag(fs, getenv)
	fs.BoolVar(&st.overwriteCredentials, "overwrite-credentials", false, "replace an existing credentials file when creating the default tenant")
	metricsDefault, err := envSwitch(getenv, "WOLFDEN_METRICS", true)
	if err != nil {
		return nil, err
	}
	fs.BoolVar(&st.metrics, "metrics", metricsDefault, "serve Prometheus metrics at /metrics (--metrics=false: off)")
	fs.StringVar(&st.logFormat, "log-format", envOr(getenv, "WOLFDEN_LOG_FORMAT", "text"), "the log's format: text or json")
	tlsCert := fs.String("tls-cert", getenv("WOLFDEN_TLS_CERT"), "serve HTTPS with this certificate (PEM; with --tls-key)")
	tlsKey := fs.String("tls-key", getenv("WOLFDEN_TLS_KEY"), "the private key of --tls-cert (PEM)")
	if err := parse(fs, args); err != nil {
		return nil, err
	}
	// A throwaway database's credentials go to a file only when one is
	// named: nothing else outlives it.
	st.credentials = *credentials
	if st.db != sqlstore.Memory {
		if st.credentials, err = credentialsPath(st.db, *credentials); err != nil {
			return nil, fmt.Errorf("--db: %w", err)
		}
	}
	if st.logFormat != "text" && st.logFormat != "json" {
		return nil, fmt.Errorf("the log format (--log-format, WOLFDEN_LOG_FORMAT) is %q: use text or json", st.logFormat)
	}
	if st.tls, err = loadTLS(*tlsCert, *tlsKey); err != nil {
		return nil, err
	}
	if err := checkRate("the rate limit (--rate-limit, WOLFDEN_RATE_LIMIT)", st.rateLimit); err != nil {
		return nil, err
	}
	if err := checkRate("the auth failure rate (--auth-failure-rate, WOLFDEN_AUTH_FAILURE_RATE)", st.authFailureRate); err != nil {
		return nil, err
	}
	if st.authFailureBurst < 1 || st.authFailureBurst > maxRate {
		return nil, fmt.Errorf("the auth failure burst (--auth-failure-burst, WOLFDEN_AUTH_FAILURE_BURST) is %d: use 1 to %v", st.authFailureBurst, maxRate)
	}
	if err := st.limits.Check(); err != nil {
		return nil, fmt.Errorf("%w (--clock-skew, --token-lifetime, --token-requests)", err)
	}
	if !(st.agentDelayScale >= 0 && st.agentDelayScale <= maxDelayScale) {
		return nil, fmt.Errorf("the agent delay scale (--agent-delay-scale, WOLFDEN_AGENT_DELAY_SCALE) is %v: use 0 (instant) to %d", st.agentDelayScale, maxDelayScale)
	}
	if st.journal < 0 || st.journal > maxJournal {
		return nil, fmt.Errorf("the journal (--journal, WOLFDEN_JOURNAL) is %d: use 0 (off) to %d requests", st.journal, maxJournal)
	}
	if st.journalBodyLimit < 1 || st.journalBodyLimit > rest.DefaultMaxBodyBytes {
		return nil, fmt.Errorf("the journal body limit (--journal-body-limit, WOLFDEN_JOURNAL_BODY_LIMIT) is %d: use 1 to %d bytes",
			st.journalBodyLimit, rest.DefaultMaxBodyBytes)
	}
	if st.publicURL != "" {
		if err := checkPublicURL(st.publicURL); err != nil {
			return nil, err
		}
	}
	st.adminToken = getenv("WOLFDEN_ADMIN_TOKEN")
	if st.adminToken != "" && len(st.adminToken) < minAdminToken {
		return nil, fmt.Errorf("WOLFDEN_ADMIN_TOKEN is %d bytes: use at least %d (openssl rand -hex 16 makes one), or unset it to turn the control plane off",
			len(st.adminToken), minAdminToken)
	}
	if st.callbacks, err = worker.ParseCallbackAllowlist(getenv("WOLFDEN_CALLBACK_ALLOWLIST")); err != nil {
		return nil, fmt.Errorf("WOLFDEN_CALLBACK_ALLOWLIST: %w", err)
	}
	return &st, nil
}

// maxJournal bounds the request journal: a million entries of small
// bodies is a few GB.
const maxJournal = 1_000_000

// checkPublicURL accepts an absolute http or https URL with a host and
// neither user information, query nor fragment: links append their path
// and query to it.
func checkPublicURL(s string) error {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
		strings.ContainsAny(s, "?#") {
		return fmt.Errorf("the public URL (--public-url, WOLFDEN_PUBLIC_URL) %q must be an absolute http or https URL with a host and no user, query or fragment", s)
	}
	return nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer, getenv env) error {
	st, err := parseServeSettings(args, getenv)
	if err != nil {
		return err
	}
	log := newLogger(st.logFormat, stderr)

	// The port first: a server that cannot listen must create nothing,
	// least of all credentials shown once.
	ln, err := net.Listen("tcp", st.addr)
	if err != nil {
		return fmt.Errorf("listen on %s (--addr, WOLFDEN_ADDR): %w", st.addr, err)
	}
	defer ln.Close()
	scheme := "http"
	if st.tls != nil {
		scheme = "https"
		ln = tls.NewListener(ln, st.tls)
	}
	listening := scheme + "://" + ln.Addr().String()
	publicURL := cmp.Or(st.publicURL, listening)

	store, err := sqlstore.Open(ctx, st.db)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := bootstrap(ctx, store, st, stdout); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting: a clean stop
		}
		return err
	}

	if ip, err := netip.ParseAddrPort(ln.Addr().String()); err == nil && ip.Addr().IsUnspecified() && st.publicURL == "" {
		log.Warn("links name the listen address, which clients elsewhere cannot reach: set --public-url", "public_url", publicURL)
	}
	agents := agentsim.DefaultSchedule.Scaled(st.agentDelayScale)
	var faultRules *faults.Set // only the control plane can add rules
	if st.adminToken != "" {
		faultRules = faults.New(faults.Options{})
	}
	var meters *metrics.Metrics
	if st.metrics {
		meters = metrics.New()
	}
	assembled := server.New(server.Config{
		Store:   store,
		Logger:  log,
		Metrics: meters,
		Auth:    auth.Options{Limits: &st.limits},
		API: httpapi.Config{RateLimit: st.rateLimit, AuthFailureRate: st.authFailureRate,
			AuthFailureBurst: st.authFailureBurst, PublicURL: publicURL, AdminToken: st.adminToken,
			Faults: faultRules, Agents: &agents, Journal: journal.New(st.journal, st.journalBodyLimit)},
		Worker: worker.Config{CallbackAllowlist: st.callbacks},
	})
	srv := &http.Server{
		Handler:           assembled.API,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("wolfden serving", "url", listening, "public_url", publicURL, "db", describeDB(st.db), "rate_limit", st.rateLimit,
		"auth_failure_rate", st.authFailureRate, "auth_failure_burst", st.authFailureBurst, "control_plane", st.adminToken != "",
		"journal", st.journal, "metrics", st.metrics, "version", buildinfo.Get().Version)
	if st.adminToken == "" {
		log.Info("the control plane (/control/v1) is off: set WOLFDEN_ADMIN_TOKEN to play the agents, set faults and read the journal")
	}

	if st.pprofAddr != "" {
		if err := serveProfiles(ctx, st.pprofAddr, log); err != nil {
			return err
		}
	}
	go assembled.Run(ctx)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(httpapi.NewListener(ln)) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// newLogger returns the server's logger, writing format (text or json) to w.
func newLogger(format string, w io.Writer) *slog.Logger {
	var h slog.Handler = slog.NewTextHandler(w, nil)
	if format == "json" {
		h = slog.NewJSONHandler(w, nil)
	}
	return slog.New(httpapi.LimitLog(h))
}

// loadTLS loads serve's certificate and key; neither means plain HTTP.
func loadTLS(certFile, keyFile string) (*tls.Config, error) {
	if certFile == "" && keyFile == "" {
		return nil, nil
	}
	if certFile == "" || keyFile == "" {
		return nil, fmt.Errorf("HTTPS needs both --tls-cert (WOLFDEN_TLS_CERT) and --tls-key (WOLFDEN_TLS_KEY)")
	}
	cfg, err := tlsca.ServerConfig(certFile, keyFile)
	if err != nil {
		return nil, fmt.Errorf("--tls-cert, --tls-key: %w", err)
	}
	return cfg, nil
}

// bootstrap gives an empty database its "default" tenant, with demo data
// when asked, and prints the credentials of its application, once. The
// credentials file is written before the tenant is stored, so that no
// failure can leave a default tenant whose secret nobody was shown: a start
// that fails stores nothing, and the next one tries again.
func bootstrap(ctx context.Context, store store.Store, st *serveSettings, stdout io.Writer) error {
	n, err := store.CountTenants(ctx)
	if err != nil || n > 0 {
		return err
	}
	t, app, err := wolfden.NewTenant("default", time.Now())
	if err != nil {
		return err
	}
	creds := credentials{TenantID: t.ID.String(), AppID: app.ID.String(), AppSecret: app.Secret}
	b, _ := json.MarshalIndent(creds, "", "  ")
	path := st.credentials
	if path != "" {
		if err := writeCredentialsFile(path, append(b, '\n'), st.overwriteCredentials); err != nil {
			return err
		}
	}
	if err := store.CreateTenant(ctx, t, app); err != nil {
		if path != "" {
			os.Remove(path)
		}
		if wolfden.CodeOf(err) == wolfden.EConflict {
			return nil // another server on the same database was first
		}
		return err
	}
	if path == "" {
		fmt.Fprintf(stdout, "Created tenant \"default\" in a throwaway database. Its application's credentials:\n%s\n", b)
	} else {
		fmt.Fprintf(stdout, "Created tenant \"default\". Its application's credentials (shown once; also in %s):\n%s\n", path, b)
	}
	if !st.noDemo {
		if _, err := seed.RunDemo(ctx, store.ForTenant(t.ID), time.Now()); err != nil {
			return fmt.Errorf("demo data: %w", err)
		}
	}
	return nil
}

// describeDB names the database for the log without its credentials.
func describeDB(db string) string {
	switch {
	case sqlstore.IsPostgres(db):
		return "postgres"
	case db == sqlstore.Memory:
		return "throwaway"
	}
	if path, err := sqlstore.SQLitePath(db); err == nil {
		return "sqlite:" + path
	}
	return "sqlite"
}
