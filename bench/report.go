package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"text/tabwriter"
	"time"
)

// Report is one run: its rows and the targets checked against them.
type Report struct {
	Started time.Time `json:"started"`
	Command []string  `json:"command"`
	Machine Machine   `json:"machine"`
	Config  Config    `json:"config"`
	Rows    []Row     `json:"rows"`
	Checks  []Check   `json:"checks"`
}

// Machine says where the run ran.
type Machine struct {
	CPUs      int    `json:"cpus"`
	GoVersion string `json:"go_version"`
	OS        string `json:"os"`
}

func thisMachine() Machine {
	return Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version(), OS: runtime.GOOS + "/" + runtime.GOARCH}
}

// Row is one scenario on one server.
type Row struct {
	Scenario string `json:"scenario"`
	// Server is bare, sqlite or postgres (wolfden on that database),
	// sqlite-nojournal or sqlite-nometrics (wolfden on SQLite with the
	// journal or metrics off), or sqlite-driver or postgres-driver (the
	// storage ceiling).
	Server    string  `json:"server"`
	Requests  int     `json:"requests"`
	Failures  int     `json:"failures"`
	PerSecond float64 `json:"per_second"`
	P50ms     float64 `json:"p50_ms,omitempty"`
	P99ms     float64 `json:"p99_ms,omitempty"`
	// Ceiling names the row this one is held against; Ratio is its rate
	// over the ceiling's.
	Ceiling   string  `json:"ceiling,omitempty"`
	Ratio     float64 `json:"ratio,omitempty"`
	RSSMB     float64 `json:"rss_mb,omitempty"`
	LastError string  `json:"last_error,omitempty"`
}

func newRow(scenario, server string, r result) Row {
	return Row{Scenario: scenario, Server: server, Requests: r.requests, Failures: r.failures, PerSecond: r.perSecond(),
		P50ms: ms(r.percentile(0.5)), P99ms: ms(r.percentile(0.99)), LastError: r.lastError}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// Check is one target of the issue, held against the rows.
type Check struct {
	Target string `json:"target"`
	Server string `json:"server"`
	Want   string `json:"want"`
	Got    string `json:"got"`
	Met    bool   `json:"met"`
}

// Print writes the report as two tables.
func (r *Report) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "scenario\tserver\trequests\tfailed\tper s\tp50 ms\tp99 ms\tceiling\tratio\tRSS MB\t")
	for _, row := range r.Rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%.0f\t%s\t%s\t%s\t%s\t%s\t\n", row.Scenario, row.Server, row.Requests, row.Failures,
			row.PerSecond, orDash(row.P50ms, "%.2f"), orDash(row.P99ms, "%.2f"), row.Ceiling, orDash(row.Ratio, "%.2f"),
			orDash(row.RSSMB, "%.0f"))
	}
	tw.Flush()
	for _, row := range r.Rows {
		if row.LastError != "" {
			fmt.Fprintf(w, "%s on %s: %d failed, the last: %s\n", row.Scenario, row.Server, row.Failures, row.LastError)
		}
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\tserver\twant\tgot\tmet")
	for _, c := range r.Checks {
		met := "yes"
		if !c.Met {
			met = "NO"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Target, c.Server, c.Want, c.Got, met)
	}
	tw.Flush()
}

func orDash(v float64, format string) string {
	if v == 0 {
		return "-"
	}
	return fmt.Sprintf(format, v)
}

// WriteJSON writes the report to path.
func (r *Report) WriteJSON(path string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
