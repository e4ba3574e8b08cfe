package bench

import (
	"io"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestParseArgs(t *testing.T) {
	for _, tt := range []struct {
		name string
		args string
		want func(Config) bool
		err  string
	}{
		{name: "defaults", args: "", want: func(c Config) bool {
			return c.Devices == 100_000 && c.ScaleLarge == 1_000_000 && c.Connections == 32 && c.Duration == 5*time.Second
		}},
		{name: "quick", args: "--quick", want: func(c Config) bool {
			return c.Devices == quick.Devices && c.ScaleLarge == quick.ScaleLarge && c.Duration == time.Second
		}},
		{name: "flags beside quick win", args: "--quick --devices 700 --duration 3s", want: func(c Config) bool {
			return c.Devices == 700 && c.Duration == 3*time.Second && c.Connections == quick.Connections
		}},
		{name: "journal off", args: "--journal-off", want: func(c Config) bool { return c.JournalOff }},
		{name: "metrics off", args: "--metrics-off", want: func(c Config) bool { return c.MetricsOff && !c.JournalOff }},
		{name: "prism", args: "--prism", want: func(c Config) bool { return c.Prism && !c.MetricsOff }},
		{name: "only", args: "--only token,get-device", want: func(c Config) bool {
			return slices.Equal(c.Only, []string{"token", "get-device"})
		}},
		{name: "postgres on loopback", args: "--postgres postgres://u:p@127.0.0.1:5432/test", want: func(c Config) bool {
			return c.Postgres != ""
		}},
		{name: "postgres by socket", args: "--postgres postgres:///test?host=/run/postgresql", want: func(c Config) bool { return true }},
		{name: "no scale", args: "--scale-large 0", want: func(c Config) bool { return c.ScaleLarge == 0 }},
		{name: "remote postgres", args: "--postgres postgres://db.example.org/test", err: "loopback"},
		{name: "not a postgres URL", args: "--postgres mysql://127.0.0.1/test", err: "postgres://"},
		{name: "unknown scenario", args: "--only token,nap", err: `no scenario "nap"`},
		{name: "no connections", args: "--connections 0", err: "--connections"},
		{name: "zero duration", args: "--duration 0s", err: "--duration"},
		{name: "scale upside down", args: "--scale-small 50 --scale-large 10", err: "--scale-small"},
		{name: "stray argument", args: "now", err: "unexpected argument"},
		{name: "unknown flag", args: "--fast", err: "not defined"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cfg, err := ParseArgs(strings.Fields(tt.args), io.Discard)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.want(cfg) {
				t.Errorf("config %+v", cfg)
			}
		})
	}
}
