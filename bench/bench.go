package bench

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// target is one wolfden server under measure, with the tenant the
// scenarios run against.
type target struct {
	name      string // sqlite, sqlite-nojournal, sqlite-nometrics or postgres
	proc      *process
	client    *client
	dsn       string
	storage   *storage
	creds     credentials
	token     string
	devices   int
	deviceIDs []string // from the first, middle and last pages
	pprof     string   // the address of its profiles, when asked for
}

// runner holds what one run shares.
type runner struct {
	cfg    Config
	out    io.Writer // progress, one line per step
	dir    string
	admin  string
	bare   *process
	prism  *process // nil unless cfg.Prism
	report *Report
}

// Run starts the servers, runs the scenarios and returns the report. out
// receives a line per step as the run goes.
func Run(ctx context.Context, cfg Config, args []string, out io.Writer) (*Report, error) {
	if err := cfg.check(); err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "wolfden-bench-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	r := &runner{cfg: cfg, out: out, dir: dir, admin: rand.Text(), report: &Report{Started: time.Now().UTC(),
		Command: append([]string{"wolfden", "bench"}, args...), Machine: thisMachine(), Config: cfg}}
	r.report.Config.Postgres = redact(cfg.Postgres)
	if cfg.Profile != "" {
		if err := os.MkdirAll(cfg.Profile, 0o755); err != nil {
			return nil, err
		}
	}

	if r.bare, err = start(ctx, "bare", dir, cfg.Binary, []string{"bench-bare", "--addr", "{addr}"}, nil); err != nil {
		return nil, err
	}
	defer r.bare.stop()
	if cfg.Prism {
		r.logf("starting Prism on wolfden's OpenAPI document")
		if r.prism, err = startPrism(ctx, dir); err != nil {
			return nil, err
		}
		defer r.prism.stop()
	}
	targets, stop, err := r.startTargets(ctx)
	defer stop()
	if err != nil {
		return nil, err
	}
	if r.readsScenarioTenant() {
		for _, t := range targets {
			if err := r.setUp(ctx, t); err != nil {
				return nil, fmt.Errorf("%s: %w", t.name, err)
			}
		}
	}
	if r.selected(seedScenario) {
		for _, t := range targets {
			if err := r.seeding(ctx, t); err != nil {
				return nil, fmt.Errorf("%s: seeding: %w", t.name, err)
			}
		}
	}
	for _, s := range scenarios {
		if r.selected(s.name) {
			if err := r.scenario(ctx, s, targets); err != nil {
				return nil, fmt.Errorf("%s: %w", s.name, err)
			}
		}
	}
	if r.selected(halfLoad) {
		for _, t := range targets {
			if err := r.halfLoad(ctx, t); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", t.name, halfLoad, err)
			}
		}
	}
	if r.selected(scale) && cfg.ScaleLarge > 0 {
		for _, t := range targets {
			if err := r.scale(ctx, t); err != nil {
				return nil, fmt.Errorf("%s: %s: %w", t.name, scale, err)
			}
		}
	}
	r.report.Checks = checks(r.report.Rows)
	return r.report, nil
}

func (r *runner) selected(name string) bool {
	return len(r.cfg.Only) == 0 || slices.Contains(r.cfg.Only, name)
}

// readsScenarioTenant tells whether a selected scenario runs on the
// scenario tenant: all do but seeding and the scale comparison, which
// seed tenants of their own.
func (r *runner) readsScenarioTenant() bool {
	return slices.ContainsFunc(scenarioNames(), func(name string) bool {
		return name != seedScenario && name != scale && r.selected(name)
	})
}

func (r *runner) logf(format string, args ...any) {
	fmt.Fprintf(r.out, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// startTargets starts wolfden on SQLite and, when asked, on a database of
// its own in PostgreSQL; stop stops them and drops that database.
func (r *runner) startTargets(ctx context.Context) (targets []*target, stop func(), err error) {
	var cleanups []func()
	stop = func() {
		for _, c := range slices.Backward(cleanups) {
			c()
		}
	}
	type server struct{ name, dsn, flag, env string }
	servers := []server{{"sqlite", filepath.Join(r.dir, "wolfden.db"), "", ""}}
	if r.cfg.JournalOff {
		servers = append(servers, server{"sqlite-nojournal", filepath.Join(r.dir, "wolfden-nojournal.db"), "--journal=0", ""})
	}
	if r.cfg.MetricsOff {
		servers = append(servers, server{"sqlite-nometrics", filepath.Join(r.dir, "wolfden-nometrics.db"), "", MetricsOffEnv})
	}
	if r.cfg.Postgres != "" {
		dsn, drop, err := createDatabase(ctx, r.cfg.Postgres)
		if err != nil {
			return nil, stop, err
		}
		cleanups = append(cleanups, drop)
		servers = append(servers, server{"postgres", dsn, "", ""})
	}
	for _, d := range servers {
		t := &target{name: d.name, dsn: d.dsn}
		args := []string{"serve", "--db", t.dsn, "--addr", "{addr}", "--rate-limit", "0", "--no-demo"}
		if d.flag != "" {
			args = append(args, d.flag)
		}
		if r.cfg.Profile != "" {
			if t.pprof, err = freeAddr(); err != nil {
				return nil, stop, err
			}
			args = append(args, "--pprof", t.pprof)
		}
		env := []string{"WOLFDEN_ADMIN_TOKEN=" + r.admin}
		if d.env != "" {
			env = append(env, d.env)
		}
		r.logf("starting wolfden on %s", t.name)
		if t.proc, err = start(ctx, "wolfden-"+t.name, r.dir, r.cfg.Binary, args, env); err != nil {
			return nil, stop, err
		}
		cleanups = append(cleanups, t.proc.stop)
		t.client = &client{base: "http://" + t.proc.addr, admin: r.admin, http: &http.Client{Timeout: 5 * time.Minute}}
		if t.storage, err = openStorage(t.dsn, r.cfg.Connections); err != nil {
			return nil, stop, err
		}
		cleanups = append(cleanups, func() { t.storage.close() })
		targets = append(targets, t)
	}
	return targets, stop, nil
}

// MetricsOffEnv is how the tool starts a wolfden server with metrics off
// (serve has metrics on by default).
const MetricsOffEnv = "WOLFDEN_METRICS=off"

// seedChunk is the number of devices per seed request.
const seedChunk = 25_000

// seedTenant creates a tenant and seeds it, chunk by chunk, with devices
// and threats spread over them in proportion.
func (r *runner) seedTenant(ctx context.Context, t *target, name string, devices, threats int) (credentials, time.Duration, error) {
	creds, err := t.client.createTenant(ctx, name)
	if err != nil {
		return creds, 0, err
	}
	start := time.Now()
	for done, seq := 0, uint64(1); done < devices; seq++ {
		n := min(seedChunk, devices-done)
		plan := seedPlan{Devices: n, Threats: int(int64(threats) * int64(n) / int64(devices)), Seed: seq}
		if _, err := t.client.seed(ctx, creds.TenantID, plan); err != nil {
			return creds, 0, err
		}
		done += n
	}
	return creds, time.Since(start), nil
}

// setUp makes the tenant the scenarios read: cfg.Devices devices with
// cfg.Threats threats.
func (r *runner) setUp(ctx context.Context, t *target) error {
	r.logf("%s: seeding the scenario tenant with %d devices and %d threats", t.name, r.cfg.Devices, r.cfg.Threats)
	creds, took, err := r.seedTenant(ctx, t, "bench", r.cfg.Devices, r.cfg.Threats)
	if err != nil {
		return err
	}
	r.logf("%s: seeded in %s", t.name, took.Round(time.Millisecond))
	t.creds, t.devices = creds, r.cfg.Devices
	if t.token, err = t.client.accessToken(ctx, creds); err != nil {
		return err
	}
	t.deviceIDs, err = sampleDeviceIDs(ctx, t.client, t.token, t.devices)
	return err
}

// sampleDeviceIDs reads the ids of the first, a middle and the last page,
// so that lookups do not all hit one corner of the table.
func sampleDeviceIDs(ctx context.Context, c *client, token string, devices int) ([]string, error) {
	var ids []string
	last := (devices + 199) / 200
	for _, page := range slices.Compact([]int{1, (last + 1) / 2, last}) {
		got, err := c.deviceIDs(ctx, token, page)
		if err != nil {
			return nil, err
		}
		ids = append(ids, got...)
	}
	if len(ids) == 0 {
		return nil, errors.New("the seeded tenant lists no devices")
	}
	return ids, nil
}

// seeding measures seeding cfg.Devices devices through the control plane
// against inserting the same rows through the driver.
func (r *runner) seeding(ctx context.Context, t *target) error {
	n := r.cfg.Devices
	r.logf("%s: seed: %d devices through the control plane", t.name, n)
	profiled := r.profileWhile(ctx, t, seedScenario)
	_, took, err := r.seedTenant(ctx, t, "bench-seed", n, 0)
	if err := errors.Join(err, profiled()); err != nil {
		return err
	}
	row := Row{Scenario: seedScenario, Server: t.name, Requests: n, PerSecond: float64(n) / took.Seconds()}
	r.logf("%s: seed: %d devices through the driver", t.name, n)
	// The ceiling's tenant gets its policies and zone from one seeded device.
	creds, _, err := r.seedTenant(ctx, t, "bench-seed-ceiling", 1, 0)
	if err != nil {
		return err
	}
	took, err = t.storage.insertDevices(ctx, creds.TenantID, n, 2000)
	if err != nil {
		return err
	}
	ceiling := Row{Scenario: seedScenario, Server: t.name + "-driver", Requests: n, PerSecond: float64(n) / took.Seconds()}
	row.Ceiling, row.Ratio = ceiling.Server, row.PerSecond/ceiling.PerSecond
	r.add(ceiling, nil)
	r.add(row, t)
	return nil
}

// scenario runs s on the bare server (sized like wolfden's answer), then on
// each target, with the storage ceiling first for write scenarios.
func (r *runner) scenario(ctx context.Context, s scenario, targets []*target) error {
	sample, err := r.sampleSize(ctx, targets[0], s)
	if err != nil {
		return err
	}
	if err := setBareSize(ctx, r.bare.addr, sample); err != nil {
		return err
	}
	r.logf("%s: bare server answering %d bytes", s.name, sample)
	bare, err := r.load(r.bare.addr, 0).run(ctx, s.request(targets[0]))
	if err != nil {
		return err
	}
	bareRow := newRow(s.name, "bare", bare)
	r.add(bareRow, nil)
	for _, t := range targets {
		ceiling := bareRow
		if s.ceiling != nil {
			r.logf("%s: %s through the driver", s.name, t.name)
			ceiling = newRow(s.name, t.name+"-driver", s.ceiling(ctx, t, r.cfg))
			r.add(ceiling, nil)
		}
		r.logf("%s: wolfden on %s", s.name, t.name)
		row, err := r.measure(ctx, t, s.name, r.load(t.proc.addr, 0), s.request(t))
		if err != nil {
			return err
		}
		row.Ceiling, row.Ratio = ceiling.Server, row.PerSecond/ceiling.PerSecond
		r.add(row, t)
	}
	if r.prism != nil && s.read {
		// The same requests: Prism checks only that a token is there and
		// answers the document's example.
		r.logf("%s: Prism", s.name)
		res, err := r.load(r.prism.addr, 0).run(ctx, s.request(targets[0]))
		if err != nil {
			return err
		}
		row := newRow(s.name, "prism", res)
		row.Ceiling, row.Ratio = bareRow.Server, row.PerSecond/bareRow.PerSecond
		r.add(row, nil)
	}
	return nil
}

// measure runs a load on t, with a CPU profile of the server alongside
// when asked for.
func (r *runner) measure(ctx context.Context, t *target, name string, l load, req request) (Row, error) {
	profiled := r.profileWhile(ctx, t, name)
	res, err := l.run(ctx, req)
	if err := errors.Join(err, profiled()); err != nil {
		return Row{}, err
	}
	return newRow(name, t.name, res), nil
}

// profileWhile profiles t, when asked for, until the returned function is
// called, which waits for the last profile and returns the first error.
// Each profile spans the scenario duration: name.pprof, then name-2.pprof
// and on for work that lasts longer (go tool pprof merges them given
// together).
func (r *runner) profileWhile(ctx context.Context, t *target, name string) (stop func() error) {
	if t.pprof == "" {
		return func() error { return nil }
	}
	done, profiled := make(chan struct{}), make(chan error, 1)
	go func() {
		for i := 1; ; i++ {
			file := name
			if i > 1 {
				file = fmt.Sprintf("%s-%d", name, i)
			}
			if err := r.profile(ctx, t, file); err != nil {
				profiled <- err
				return
			}
			select {
			case <-done:
				profiled <- nil
				return
			default:
			}
		}
	}()
	return func() error {
		close(done)
		return <-profiled
	}
}

// profile writes a CPU profile of t over the scenario's duration.
func (r *runner) profile(ctx context.Context, t *target, name string) error {
	secs := max(1, int(r.cfg.Duration.Seconds()))
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", t.pprof, secs), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("profile of %s: HTTP %d", t.name, res.StatusCode)
	}
	f, err := os.Create(filepath.Join(r.cfg.Profile, t.name+"-"+name+".pprof"))
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func (r *runner) load(addr string, rate float64) load {
	return load{addr: addr, connections: r.cfg.Connections, duration: r.cfg.Duration, maxRequests: r.cfg.MaxRequests, rate: rate}
}

// add appends a row, with the resident memory of t's server when given.
func (r *runner) add(row Row, t *target) {
	if t != nil {
		if rss, err := t.proc.rss(); err == nil {
			row.RSSMB = float64(rss) / (1 << 20)
		}
	}
	r.report.Rows = append(r.report.Rows, row)
}

// sampleSize sends one of the scenario's requests to t and returns the
// size of the answer's body.
func (r *runner) sampleSize(ctx context.Context, t *target, s scenario) (int, error) {
	res, err := load{addr: t.proc.addr, connections: 1, duration: time.Minute, maxRequests: 1}.run(ctx, s.request(t))
	switch {
	case err != nil:
		return 0, err
	case res.failures > 0:
		return 0, fmt.Errorf("a sample request failed: %s", res.lastError)
	}
	return int(res.sizes), nil
}

func setBareSize(ctx context.Context, addr string, n int) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("http://%s%s?bytes=%d", addr, bareSizePath, n), nil)
	if err != nil {
		return err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("bare server: HTTP %d", res.StatusCode)
	}
	return nil
}

// halfLoad runs get-device at half the rate t peaked at, for tail latency
// below saturation. The bare server runs first at the same rate: its tail
// is the instrument's own (the client's timers and the scheduler of the
// cores it shares with the server), the floor under wolfden's.
func (r *runner) halfLoad(ctx context.Context, t *target) error {
	i := slices.IndexFunc(r.report.Rows, func(row Row) bool { return row.Scenario == getDevice && row.Server == t.name })
	if i < 0 {
		return errors.New("needs the get-device scenario")
	}
	rate := r.report.Rows[i].PerSecond / 2
	s := scenarios[slices.IndexFunc(scenarios, func(s scenario) bool { return s.name == getDevice })]
	sample, err := r.sampleSize(ctx, t, s)
	if err != nil {
		return err
	}
	if err := setBareSize(ctx, r.bare.addr, sample); err != nil {
		return err
	}
	r.logf("%s: get-device at %.0f requests/s, bare server first", t.name, rate)
	bare, err := r.load(r.bare.addr, rate).run(ctx, s.request(t))
	if err != nil {
		return err
	}
	r.add(newRow(halfLoad, "bare-at-"+t.name, bare), nil)
	row, err := r.measure(ctx, t, halfLoad, r.load(t.proc.addr, rate), s.request(t))
	if err != nil {
		return err
	}
	r.add(row, t)
	return nil
}

// scale compares lookups and lists on a small and a large tenant.
func (r *runner) scale(ctx context.Context, t *target) error {
	for _, size := range []int{r.cfg.ScaleSmall, r.cfg.ScaleLarge} {
		label := fmt.Sprintf("%s-%d", scale, size)
		r.logf("%s: seeding a tenant of %d devices", t.name, size)
		creds, took, err := r.seedTenant(ctx, t, label, size, 0)
		if err != nil {
			return err
		}
		r.logf("%s: seeded in %s", t.name, took.Round(time.Millisecond))
		tenant := &target{name: t.name, proc: t.proc, client: t.client, creds: creds, devices: size}
		if tenant.token, err = t.client.accessToken(ctx, creds); err != nil {
			return err
		}
		if tenant.deviceIDs, err = sampleDeviceIDs(ctx, t.client, tenant.token, size); err != nil {
			return err
		}
		for _, s := range scenarios {
			if s.name != getDevice && s.name != listFirst && s.name != listDeep {
				continue
			}
			row, err := r.measure(ctx, t, label+" "+s.name, r.load(t.proc.addr, 0), s.request(tenant))
			if err != nil {
				return err
			}
			r.add(row, t)
		}
	}
	return nil
}

// redact hides a password in a database URL.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || dsn == "" {
		return dsn
	}
	return u.Redacted()
}

// createDatabase makes a database of the run's own beside the one dsn
// names, so that the run neither reads nor leaves data in it.
func createDatabase(ctx context.Context, dsn string) (string, func(), error) {
	admin, err := openStorage(dsn, 1)
	if err != nil {
		return "", nil, err
	}
	name := "wolfden_bench_" + strings.ToLower(rand.Text()[:10])
	if _, err := admin.db.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		admin.close()
		return "", nil, fmt.Errorf("create the run's database: %w", err)
	}
	u, _ := url.Parse(dsn)
	u.Path = "/" + name
	drop := func() {
		admin.db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.close()
	}
	return u.String(), drop, nil
}
