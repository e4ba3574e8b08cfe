package bench

import (
	"fmt"
	"slices"
	"strings"
)

// checks holds the rows against the targets, per wolfden server.
func checks(rows []Row) []Check {
	find := func(scenario, server string) (Row, bool) {
		i := slices.IndexFunc(rows, func(r Row) bool { return r.Scenario == scenario && r.Server == server })
		if i < 0 {
			return Row{}, false
		}
		return rows[i], true
	}
	var out []Check
	atLeast := func(target, server string, got, want float64) {
		out = append(out, Check{Target: target, Server: server, Want: fmt.Sprintf(">= %.2f", want),
			Got: fmt.Sprintf("%.2f", got), Met: got >= want})
	}
	atMost := func(target, server string, got, want float64, unit string) {
		out = append(out, Check{Target: target, Server: server, Want: fmt.Sprintf("<= %.2f%s", want, unit),
			Got: fmt.Sprintf("%.2f%s", got, unit), Met: got <= want})
	}
	for _, server := range []string{"sqlite", "postgres"} {
		for _, t := range []struct {
			scenario string
			want     float64
		}{{getDevice, 0.5}, {"token", 0.3}, {"create-user", 0.5}, {"update-device", 0.5}, {seedScenario, 0.5}} {
			if row, ok := find(t.scenario, server); ok {
				atLeast(t.scenario+" rate / "+row.Ceiling, server, row.Ratio, t.want)
			}
		}
		first, ok1 := find(listFirst, server)
		deep, ok2 := find(listDeep, server)
		if ok1 && ok2 {
			atMost("list-deep p50 / list-first p50", server, deep.P50ms/first.P50ms, 1.3, "x")
		}
		var rss float64
		for _, r := range rows {
			if r.Server == server && slices.Contains([]string{getDevice, listFirst, listDeep, "threats"}, r.Scenario) {
				rss = max(rss, r.RSSMB)
			}
		}
		if rss > 0 {
			atMost("RSS under the read scenarios", server, rss, 150, " MB")
		}
		if half, ok := find(halfLoad, server); ok {
			atMost("p99 / p50 at half the peak of get-device", server, half.P99ms/half.P50ms, 5, "x")
		}
		var small, large string
		for _, r := range rows {
			if name, ok := strings.CutPrefix(r.Scenario, scale+"-"); ok && r.Server == server {
				size, _, _ := strings.Cut(name, " ")
				if small == "" {
					small = size
				} else if size != small {
					large = size
				}
			}
		}
		if large == "" {
			continue
		}
		for _, s := range []string{getDevice, listFirst, listDeep} {
			a, ok1 := find(scale+"-"+small+" "+s, server)
			b, ok2 := find(scale+"-"+large+" "+s, server)
			if ok1 && ok2 {
				atMost(fmt.Sprintf("%s p50 at %s / at %s devices", s, large, small), server, b.P50ms/a.P50ms, 1.5, "x")
			}
		}
	}
	return out
}
