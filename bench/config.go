// Package bench is wolfden's load tool: it starts the servers it compares
// as separate processes on loopback — a bare net/http server (the ceiling
// of any Go HTTP server on the machine), wolfden on SQLite and, given a
// URL, wolfden on PostgreSQL — seeds them through the control plane,
// drives each scenario over keep-alive connections, measures the storage's
// own ceiling for the write scenarios, and reports one table, also as
// JSON, so that runs can be compared.
package bench

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strings"
	"time"
)

// Config is one run's settings.
type Config struct {
	// Binary is the wolfden executable to start for the servers.
	Binary string
	// Postgres, when set, is a PostgreSQL URL on loopback; the tool makes
	// a database of its own there for the run and drops it afterwards.
	Postgres string
	// Devices (and Threats spread over them, each found four times on
	// average) make the tenant the read scenarios run against; seeding
	// Devices is also measured.
	Devices, Threats int
	// ScaleSmall and ScaleLarge are the two tenant sizes whose lookup and
	// list latencies are compared; ScaleLarge 0 skips the comparison.
	ScaleSmall, ScaleLarge int
	// Connections is the number of keep-alive connections (and, for the
	// storage ceilings, concurrent writers) of every scenario.
	Connections int
	// Duration and MaxRequests bound each scenario's run, whichever ends
	// it first.
	Duration    time.Duration
	MaxRequests int
	// JSON, when set, is where the report is written as JSON.
	JSON string
	// Profile, when set, is a folder where a CPU profile of each wolfden
	// server is written for each scenario.
	Profile string
	// Only, when not empty, limits the run to the scenarios named.
	Only []string
	// JournalOff adds a server on SQLite with the request journal off
	// (sqlite-nojournal), so that the journal's cost shows side by side.
	JournalOff bool
	// MetricsOff adds a server on SQLite with metrics off
	// (sqlite-nometrics, started with WOLFDEN_METRICS=off), so that the
	// metrics' cost shows side by side.
	MetricsOff bool
	// Prism adds Prism, the spec-driven mock server, serving wolfden's
	// OpenAPI document's examples (started with npx), to the read
	// scenarios: what a user would run instead of wolfden.
	Prism bool
}

// quick is what --quick sets: the whole run within a minute.
var quick = Config{Devices: 5_000, Threats: 625, ScaleSmall: 1_000, ScaleLarge: 10_000,
	Connections: 16, Duration: time.Second, MaxRequests: 200_000}

// ParseArgs reads the command line of "wolfden bench".
func ParseArgs(args []string, output io.Writer) (Config, error) {
	cfg := Config{Devices: 100_000, Threats: 12_500, ScaleSmall: 10_000, ScaleLarge: 1_000_000,
		Connections: 32, Duration: 5 * time.Second, MaxRequests: 1_000_000}
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(output)
	isQuick := fs.Bool("quick", false, "small tenants and 1 s per scenario: the whole run within a minute")
	fs.StringVar(&cfg.Postgres, "postgres", "", "PostgreSQL URL on loopback; wolfden on PostgreSQL is measured too")
	fs.IntVar(&cfg.Devices, "devices", cfg.Devices, "devices of the tenant the read scenarios use")
	fs.IntVar(&cfg.Threats, "threats", cfg.Threats, "threats (distinct files) spread over those devices, found four times each on average")
	fs.IntVar(&cfg.ScaleSmall, "scale-small", cfg.ScaleSmall, "devices of the small tenant of the scale comparison")
	fs.IntVar(&cfg.ScaleLarge, "scale-large", cfg.ScaleLarge, "devices of the large tenant of the scale comparison (0: skip it)")
	fs.IntVar(&cfg.Connections, "connections", cfg.Connections, "keep-alive connections per scenario")
	fs.DurationVar(&cfg.Duration, "duration", cfg.Duration, "time per scenario and server")
	fs.IntVar(&cfg.MaxRequests, "max-requests", cfg.MaxRequests, "requests per scenario and server at most")
	fs.StringVar(&cfg.JSON, "json", "", "write the report as JSON to this file")
	fs.StringVar(&cfg.Profile, "profile", "", "write CPU profiles of the wolfden servers to this folder")
	only := fs.String("only", "", "comma-separated scenarios to run (default: all)")
	fs.BoolVar(&cfg.JournalOff, "journal-off", false, "also run wolfden on SQLite with the request journal off (sqlite-nojournal), to compare")
	fs.BoolVar(&cfg.MetricsOff, "metrics-off", false, "also run wolfden on SQLite with metrics off (sqlite-nometrics), to compare")
	fs.BoolVar(&cfg.Prism, "prism", false, "also run Prism (npx @stoplight/prism-cli) mocking wolfden's OpenAPI document, on the read scenarios")
	if err := fs.Parse(args); err != nil {
		return Config{}, err
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *isQuick {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		// Flags given beside --quick win over it.
		pick := func(name string, dst *int, v int) {
			if !set[name] {
				*dst = v
			}
		}
		pick("devices", &cfg.Devices, quick.Devices)
		pick("threats", &cfg.Threats, quick.Threats)
		pick("scale-small", &cfg.ScaleSmall, quick.ScaleSmall)
		pick("scale-large", &cfg.ScaleLarge, quick.ScaleLarge)
		pick("connections", &cfg.Connections, quick.Connections)
		pick("max-requests", &cfg.MaxRequests, quick.MaxRequests)
		if !set["duration"] {
			cfg.Duration = quick.Duration
		}
	}
	if *only != "" {
		for _, name := range strings.Split(*only, ",") {
			name = strings.TrimSpace(name)
			if !knownScenario(name) {
				return Config{}, fmt.Errorf("--only: no scenario %q (scenarios: %v)", name, scenarioNames())
			}
			cfg.Only = append(cfg.Only, name)
		}
	}
	return cfg, cfg.check()
}

func (cfg Config) check() error {
	switch {
	case cfg.Devices < 1:
		return errors.New("--devices must be at least 1")
	case cfg.Threats < 0:
		return errors.New("--threats must not be negative")
	case cfg.ScaleLarge < 0 || cfg.ScaleLarge > 0 && (cfg.ScaleSmall < 1 || cfg.ScaleSmall >= cfg.ScaleLarge):
		return errors.New("--scale-small must be at least 1 and below --scale-large")
	case cfg.Connections < 1 || cfg.Connections > 1024:
		return errors.New("--connections must be between 1 and 1024")
	case cfg.Duration <= 0 || cfg.Duration > time.Hour:
		return errors.New("--duration must be above 0 and at most an hour")
	case cfg.MaxRequests < 1:
		return errors.New("--max-requests must be at least 1")
	}
	if cfg.Postgres != "" {
		return checkPostgres(cfg.Postgres)
	}
	return nil
}

// checkPostgres accepts only a PostgreSQL URL on loopback (or a Unix
// socket): the tool loads nothing but this machine.
func checkPostgres(dsn string) error {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return errors.New("--postgres must be a postgres:// URL")
	}
	host := u.Hostname()
	if host == "" || host == "localhost" || host[0] == '/' {
		return nil
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("--postgres must be on loopback, not %s", host)
	}
	return nil
}
