package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// executionBody is a create request running packages on a target.
func executionBody(name string, target map[string]any, packages ...string) map[string]any {
	runs := make([]any, len(packages))
	for i, p := range packages {
		runs[i] = map[string]any{"arguments": []string{"-browser ALL"}, "package": p}
	}
	return map[string]any{"execution": map[string]any{"name": name, "target": target, "destination": "",
		"packageExecutions": runs, "keepResultsLocally": true}}
}

func TestPackageExecutions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		script := []byte("print('history')\n")
		good, goodUpload := h.createPackage(tok, packageBody("Collect", script))
		h.uploadPackage(goodUpload, script).want(200)
		never, _ := h.createPackage(tok, packageBody("Never uploaded", script))
		zone := h.createZone(tok, "Finance")
		laptop := h.register(a, map[string]any{"host_name": "FIN-LT-0042"})
		away := h.register(a, map[string]any{"host_name": "FIN-LT-0043", "state": "Offline", "zones": []string{zone}})
		desk := h.register(a, map[string]any{"host_name": "FIN-PC-0001", "zones": []string{zone}})

		// By device, in either id form: the online one answers.
		created := h.clock.Now()
		e := h.do(http.MethodPost, "/packages/v2/executions", tok,
			executionBody("Browser history", map[string]any{"devices": []string{opticsForm(laptop), away}}, good)).want(200).json()
		id, _ := e["id"].(string)
		if _, err := uuid.Parse(id); err != nil || e["name"] != "Browser history" || e["createdAt"] != created.Format(time.RFC3339) ||
			e["destination"] != "" || e["keepResultsLocally"] != true || e["deviceCount"] != 1.0 {
			t.Fatalf("create answered %v", e)
		}
		if by := typed.As[map[string]any](t, e["createdBy"]); by["id"] != a.app.ID.String() || by["login"] != a.app.Name {
			t.Errorf("createdBy %v", by)
		}
		target := typed.As[map[string]any](t, e["target"])
		if devs := typed.As[[]any](t, target["devices"]); len(target) != 1 || len(devs) != 2 || devs[0] != opticsForm(laptop) || devs[1] != opticsForm(away) {
			t.Errorf("target %v", target)
		}
		run := typed.As[map[string]any](t, typed.As[[]any](t, e["packageExecutions"])[0])
		if url, _ := run["package"].(string); !strings.HasPrefix(url, h.url+"/packagefiles/") || typed.As[[]any](t, run["arguments"])[0] != "-browser ALL" {
			t.Errorf("packageExecutions %v", run)
		}
		if code, body := h.fetch(typed.As[string](t, run["package"])); code != 200 || string(body) != string(script) {
			t.Errorf("the package link: %d %q", code, body)
		}
		statuses := func(id string) map[string]any {
			t.Helper()
			return typed.As[map[string]any](t, h.do(http.MethodGet, "/packages/v2/executions/"+id, tok, nil).want(200).json()["deviceStatuses"])
		}
		for _, step := range []struct {
			after             time.Duration
			acked, ok, failed float64
		}{{0, 0, 0, 0}, {2 * time.Second, 1, 0, 0}, {8 * time.Second, 1, 1, 0}, {time.Hour, 1, 1, 0}} {
			h.clock.Advance(step.after)
			tok = h.token(a)
			if st := statuses(id); st["acked"] != step.acked || st["succeeded"] != step.ok || st["failed"] != step.failed {
				t.Errorf("after %s more: %v", step.after, st)
			}
		}

		// By zone, as python-cyapi's deploy tools send it (an empty device
		// list beside): a package never uploaded fails on every device.
		byZone := h.do(http.MethodPost, "/packages/v2/executions", tok,
			executionBody("Zone run", map[string]any{"devices": []string{}, "zones": []string{strings.ToLower(opticsForm(zone))}}, never)).want(200).json()
		if z := typed.As[map[string]any](t, byZone["target"]); typed.As[[]any](t, z["zones"])[0] != opticsForm(zone) || z["devices"] != nil || byZone["deviceCount"] != 1.0 {
			t.Errorf("zone execution %v", byZone)
		}
		h.clock.Advance(time.Second)
		// A package uploaded before the agents pick the run up succeeds.
		lateID, lateUpload := h.createPackage(tok, packageBody("Late", script))
		late := h.do(http.MethodPost, "/packages/v2/executions", tok,
			executionBody("Late upload", map[string]any{"devices": []string{laptop}}, lateID)).want(200).field("id")
		h.clock.Advance(time.Second) // the agents pick up after 2 s
		h.uploadPackage(lateUpload, script).want(200)
		h.clock.Advance(10 * time.Second)
		if st := statuses(typed.As[string](t, byZone["id"])); st["acked"] != 1.0 || st["failed"] != 1.0 || st["succeeded"] != 0.0 {
			t.Errorf("a package never uploaded: %v", st)
		}
		if st := statuses(late); st["succeeded"] != 1.0 {
			t.Errorf("a package uploaded before pickup: %v", st)
		}
		h.setState(a, desk, "Offline") // finished already: its result stays

		for _, tt := range []struct {
			name   string
			body   any
			status int
			field  string
		}{
			{"no execution", map[string]any{}, 400, "execution"},
			{"no name", executionBody(" ", map[string]any{"devices": []string{laptop}}, good), 400, "execution.name"},
			{"both targets", executionBody("x", map[string]any{"devices": []string{laptop}, "zones": []string{zone}}, good), 400, "execution.target"},
			{"no target", executionBody("x", map[string]any{"devices": []string{}}, good), 400, "execution.target"},
			{"malformed device", executionBody("x", map[string]any{"devices": []string{laptop, "FIN-LT-0042"}}, good), 400, "execution.target.devices[1]"},
			{"unknown device", executionBody("x", map[string]any{"devices": []string{laptop, opticsForm(uuid.NewString())}}, good), 404, "execution.target.devices[1]"},
			{"unknown zone", executionBody("x", map[string]any{"zones": []string{uuid.NewString()}}, good), 404, "execution.target.zones[0]"},
			{"no packages", executionBody("x", map[string]any{"devices": []string{laptop}}), 400, "execution.packageExecutions"},
			{"malformed package", executionBody("x", map[string]any{"devices": []string{laptop}}, good, "collect"), 400, "execution.packageExecutions[1].package"},
			{"unknown package", executionBody("x", map[string]any{"devices": []string{laptop}}, uuid.NewString()), 404, "execution.packageExecutions[0].package"},
			{"devices not a list", map[string]any{"execution": map[string]any{"name": "x", "target": map[string]any{"devices": laptop}}}, 400, "execution.target.devices"},
			{"bad destination", map[string]any{"execution": map[string]any{"name": "x", "target": map[string]any{"devices": []string{laptop}},
				"destination": "results", "packageExecutions": []any{map[string]any{"package": good}}}}, 400, "execution.destination"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/packages/v2/executions", tok, tt.body).want(tt.status)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}

		list := h.do(http.MethodGet, "/packages/v2/executions", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["page_items"])
		if list["total_number_of_items"] != 3.0 || list["page_size"] != 10.0 || typed.As[map[string]any](t, items[0])["name"] != "Late upload" {
			t.Fatalf("list %v", list)
		}
		byName := h.do(http.MethodGet, "/packages/v2/executions?sort=name&page_size=1&page=3", tok, nil).want(200).json()
		if it := typed.As[[]any](t, byName["page_items"]); len(it) != 1 || typed.As[map[string]any](t, it[0])["name"] != "Zone run" {
			t.Errorf("by name, page 3: %v", byName)
		}
		h.do(http.MethodGet, "/packages/v2/executions?sort=-target", tok, nil).want(400)

		// A package goes once no execution runs it.
		h.do(http.MethodDelete, "/packages/v2/"+good, tok, nil).want(409)
		deleted := h.do(http.MethodDelete, "/packages/v2/executions/"+id, tok, nil).want(200).json()
		if deleted["id"] != id || typed.As[map[string]any](t, deleted["deviceStatuses"])["succeeded"] != 1.0 {
			t.Errorf("delete answered %v", deleted)
		}
		h.do(http.MethodGet, "/packages/v2/executions/"+id, tok, nil).want(404)
		h.do(http.MethodDelete, "/packages/v2/executions/"+id, tok, nil).want(404)
		h.do(http.MethodDelete, "/packages/v2/"+good, tok, nil).want(200)

		otherTok := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/packages/v2/executions/"+late, otherTok, nil).want(404)
		h.do(http.MethodDelete, "/packages/v2/executions/"+late, otherTok, nil).want(404)
		h.do(http.MethodPost, "/packages/v2/executions", otherTok, executionBody("x", map[string]any{"devices": []string{laptop}}, lateID)).want(404)

		h.wantScope(a, http.MethodGet, "/packages/v2/executions", wolfden.ScopeOpticsPkgDeployList, nil)
		h.wantScope(a, http.MethodGet, "/packages/v2/executions/"+late, wolfden.ScopeOpticsPkgDeployRead, nil)
		h.wantScope(a, http.MethodPost, "/packages/v2/executions", wolfden.ScopeOpticsPkgDeployCreate,
			executionBody("Scoped", map[string]any{"devices": []string{laptop}}, lateID))
		h.wantScope(a, http.MethodDelete, "/packages/v2/executions/"+late, wolfden.ScopeOpticsPkgDeployDelete, nil)
	})
}
