package httpapi_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wolfden/wolfden/httpapi"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// The isolation suite is driven by the router's own route list: every
// route with an object in its path is tried with tenant B's token on
// tenant A's object (partner B's on partner A's for the partner API) and
// must answer as for an object that does not exist, and change nothing
// that A can read. A path parameter the suite cannot fill with A's object
// fails it, so a route added with a new kind of object forces the suite to
// learn that kind.

// isolationMarker is in the name of everything A owns, so that B's answers
// can be searched for it.
const isolationMarker = "alphaonly"

// unscopedRoutes are the routes that no tenant's or partner's token
// reaches, by prefix, with why.
var unscopedRoutes = []struct{ prefix, why string }{
	{"/control/v1/", "the control plane is admin-scoped: its token reaches every tenant"},
	{"/installers/", "an installer link names no tenant: it is the same simulated file for everyone"},
}

// signedRoutes are reached through a signed link that names the tenant,
// without a token: the suite swaps A's tenant in A's link for B's.
var signedRoutes = []string{
	"/samples/{tenant}/{sha256}.zip",
	"/retrieved/{tenant}/{retrieval}.zip",
	"/packagefiles/{tenant}/{package}",
	"/packageuploads/{tenant}/{package}",
}

// sharedParams are path parameters that name no object; both callers send
// the same value.
var sharedParams = map[string]string{"region": "us"}

// searchParams are search keys rather than ids: the vendor answers a miss
// with 200 and [], so that is what B must get.
var searchParams = []string{"host", "mac"}

// isSearch tells a route whose path holds a search key.
func isSearch(r httpapi.Route) bool {
	return slices.ContainsFunc(objectParams(r.Pattern), func(p string) bool { return slices.Contains(searchParams, p) })
}

var pathParamPattern = regexp.MustCompile(`\{([^}:]+)(?::[^}]*)?\}`)

// objectParams are the parameters of a route pattern that name an object.
func objectParams(pattern string) []string {
	var params []string
	for _, m := range pathParamPattern.FindAllStringSubmatch(pattern, -1) {
		if _, shared := sharedParams[m[1]]; !shared {
			params = append(params, m[1])
		}
	}
	return params
}

func isPartnerRoute(pattern string) bool { return strings.HasPrefix(pattern, "/public/") }

func unscopedBecause(pattern string) string {
	for _, u := range unscopedRoutes {
		if strings.HasPrefix(pattern, u.prefix) {
			return u.why
		}
	}
	return ""
}

// routeKey names a route for isolationWorld.requests; the partner API's
// two prefixes share their requests.
func routeKey(r httpapi.Route) string {
	return r.Method + " " + strings.Replace(r.Pattern, "/public/v2/{region}/", "/public/{region}/", 1)
}

// isolationRequest is a plausible request on a route: one that A's own
// token gets a 2xx for, and that changes A's object when it writes.
type isolationRequest struct {
	query string
	body  any
}

// isolationWorld is what A owns (as a tenant, and as a partner) and B's
// tokens.
type isolationWorld struct {
	a, b                     tenant
	tokA, tokB               string
	partnerTokA, partnerTokB string
	// tenantObjects and partnerObjects are A's object for each path
	// parameter of the tenant and the partner API.
	tenantObjects, partnerObjects map[string]string
	// exception fills {rule} under /exceptions/, where a rule is an
	// exception rule.
	exception string
	requests  map[string]isolationRequest // by routeKey
	// links are A's signed links (path and query) by route pattern; an
	// upload link sends upload.
	links  map[string]string
	upload []byte
	// tenantMarkers and partnerMarkers are lower-case strings that only
	// A's answers may hold: ids in both forms and isolationMarker.
	tenantMarkers, partnerMarkers []string
}

// object is A's object for a path parameter of a route pattern.
func (w *isolationWorld) object(pattern, param string) (string, bool) {
	if v, ok := sharedParams[param]; ok {
		return v, true
	}
	if isPartnerRoute(pattern) {
		v, ok := w.partnerObjects[param]
		return v, ok
	}
	if param == "rule" && strings.HasPrefix(pattern, "/exceptions/") {
		return w.exception, true
	}
	v, ok := w.tenantObjects[param]
	return v, ok
}

// path is the route's path on A's objects; it fails the test for a path
// parameter the suite does not know.
func (w *isolationWorld) path(t *testing.T, r httpapi.Route) string {
	t.Helper()
	return pathParamPattern.ReplaceAllStringFunc(r.Pattern, func(m string) string {
		param := pathParamPattern.FindStringSubmatch(m)[1]
		v, ok := w.object(r.Pattern, param)
		if !ok {
			t.Errorf("%s %s: the isolation suite has no object for {%s}: give A one of that kind in seedIsolation",
				r.Method, r.Pattern, param)
		}
		return v
	})
}

// tokens are A's and B's tokens for a route.
func (w *isolationWorld) tokens(r httpapi.Route) (a, b string) {
	if isPartnerRoute(r.Pattern) {
		return w.partnerTokA, w.partnerTokB
	}
	return w.tokA, w.tokB
}

func (w *isolationWorld) markers(r httpapi.Route) []string {
	if isPartnerRoute(r.Pattern) {
		return w.partnerMarkers
	}
	return w.tenantMarkers
}

// idMarkers are the forms an id is written in, lower-case: with hyphens,
// and without as OPTICS writes it.
func idMarkers(ids ...string) []string {
	var out []string
	for _, id := range ids {
		id = strings.ToLower(id)
		out = append(out, id, strings.ReplaceAll(id, "-", ""))
	}
	return out
}

// seedIsolation gives tenant A one object of every kind, through the API
// and the control plane, and partner A one of every partner kind; B owns
// nothing.
func seedIsolation(h *harness) *isolationWorld {
	h.t.Helper()
	w := &isolationWorld{a: h.newTenant(isolationMarker + " tenant"), b: h.newTenant("B"), upload: []byte("print('alphaonly')\n")}
	w.tokA, w.tokB = h.token(w.a), h.token(w.b)
	tok, control := w.tokA, "/control/v1/tenants/"+w.a.id.String()

	policy := h.createPolicy(tok, isolationMarker+" policy")
	zone := h.createZone(tok, isolationMarker+" zone")
	user := h.do(http.MethodPost, "/users/v2", tok, map[string]any{"email": isolationMarker + "@example.org",
		"user_role": roleUser, "first_name": "Alpha", "last_name": "Only"}).want(200).field("id")
	host := isolationMarker + "-fin-01"
	device := h.register(w.a, map[string]any{"host_name": host, "os_version": "Microsoft Windows 11 Pro",
		"agent_version": "3.3.1200", "mac_addresses": []string{"00-1A-2B-3C-4D-5E"}, "zones": []string{zone}})
	h.do(http.MethodPut, "/devices/v2/"+device, tok, map[string]any{"policy_id": policy}).want(200)
	sum := sha256.Sum256([]byte(isolationMarker + " sample"))
	sha := hex.EncodeToString(sum[:])
	h.reportThreat(w.a, device, map[string]any{"sha256": sha, "file_path": `C:\alphaonly\dropper.exe`, "classification": "Malware"})
	event := h.do(http.MethodPost, control+"/devices/"+device+"/memoryevents", adminToken, map[string]any{
		"violation_type": "lsassread", "action": "Block", "image_name": `C:\alphaonly\dumper.exe`,
		"created": "2024-04-30T16:25:41Z"}).want(200).field("device_image_file_event_id")

	rule := h.do(http.MethodPost, "/rules/v2", tok, strings.Replace(officeRule, "Office spawning mshta", isolationMarker+" mshta", 1)).
		want(200).field("Id")
	w.exception = h.do(http.MethodPost, "/exceptions/v2", tok, strings.Replace(backupException, "Allow backup agent", isolationMarker+" backup", 1)).
		want(200).field("Id")
	set := h.do(http.MethodGet, "/rulesets/v2/default", tok, nil).want(200).json()
	for _, r := range typed.As[[]any](h.t, set["rules"]) {
		typed.As[map[string]any](h.t, r)["enabled"] = true
	}
	set["name"] = isolationMarker + " rules"
	set = h.do(http.MethodPost, "/rulesets/v2", tok, set).want(200).json()
	ruleSet := typed.As[string](h.t, set["id"])
	h.do(http.MethodPost, "/opticsPolicies/v2/configurations", tok, map[string]any{"configuration_type": "DETECTION",
		"configuration_id": ruleSet, "link": []string{policy}, "unlink": []string{}}).want(200)
	detection := typed.As[string](h.t, h.raise(w.a, device, rule, nil, h.clock.Now().Add(-time.Hour)).want(200).detection()["Id"])

	query := h.do(http.MethodPost, "/instaqueries/v2", tok, map[string]any{"name": isolationMarker + " hunt", "description": "",
		"artifact": "File", "match_value_type": "Path", "match_values": []string{"dropper.exe"}, "match_type": "Fuzzy",
		"zones": []string{hex32(zone)}}).want(200).field("id")
	focus := h.do(http.MethodPost, "/foci/v2", tok, map[string]any{"device_id": device, "artifact_type": "Protect",
		"artifact_subtype": "Uid", "value": sha, "description": isolationMarker + " trace"}).want(200).field("id")
	created := h.do(http.MethodPost, "/packages/v2", tok, packageBody(isolationMarker+" collect", w.upload)).want(200)
	pkg := created.field("packageId")
	h.uploadPackage(requestURI(h.t, created.field("uploadTo")), w.upload).want(200)
	spare, spareUpload := h.createPackage(tok, packageBody(isolationMarker+" spare", w.upload))
	execution := h.do(http.MethodPost, "/packages/v2/executions", tok,
		executionBody(isolationMarker+" run", map[string]any{"devices": []string{device}}, pkg)).want(200).field("id")
	retrieve := map[string]any{"file_path": `C:\alphaonly\notes.txt`}
	h.do(http.MethodPost, "/devicecommands/v2/"+device+"/getfile", tok, retrieve).want(200)
	h.clock.Advance(agentDone)
	retrieved := typed.As[map[string]any](h.t, h.do(http.MethodPost, "/devicecommands/v2/"+device+"/getfile:get", tok, retrieve).want(200).json()["data"])
	retrieval, _ := retrieved["download_url"].(string)
	sample := h.do(http.MethodGet, "/threats/v2/download/"+sha, tok, nil).want(200).field("url")
	w.links = map[string]string{
		"/samples/{tenant}/{sha256}.zip":      requestURI(h.t, sample),
		"/retrieved/{tenant}/{retrieval}.zip": requestURI(h.t, retrieval),
		"/packagefiles/{tenant}/{package}":    requestURI(h.t, created.field("packageUrl")),
		"/packageuploads/{tenant}/{package}":  spareUpload,
	}

	w.tenantObjects = map[string]string{
		"device": device, "zone": zone, "user": user, "policy": policy, "rule": rule, "ruleset": ruleSet,
		"sha256": sha, "event": event, "detection": detection, "query": query, "focus": focus, "package": pkg,
		"execution": execution, "host": host, "mac": "00-1A-2B-3C-4D-5E",
	}
	w.tenantMarkers = append(idMarkers(w.a.id.String(), device, zone, user, policy, rule, w.exception, ruleSet, event,
		detection, query, focus, pkg, spare, execution), sha, isolationMarker)

	set["description"] = "changed by whoever sent this"
	w.requests = map[string]isolationRequest{
		"PUT /devices/v2/{device}":                     {body: map[string]any{"name": "renamed"}},
		"POST /devices/v2/{device}/threats":            {body: map[string]any{"threat_id": sha, "event": "Waive"}},
		"PUT /devicecommands/v2/{device}/lockdown":     {query: "?value=true&expires=0:01:00"},
		"POST /devicecommands/v2/{device}/getfile":     {body: map[string]any{"file_path": `C:\alphaonly\other.txt`}},
		"POST /devicecommands/v2/{device}/getfile:get": {body: retrieve},
		"PUT /rules/v2/{rule}":                         {body: strings.Replace(officeRule, "Medium", "High", 1)},
		"PUT /exceptions/v2/{rule}":                    {body: strings.Replace(backupException, "nightly", "hourly", 1)},
		"PUT /rulesets/v2/{ruleset}":                   {body: set},
		"PUT /users/v2/{user}":                         {body: map[string]any{"first_name": "Changed"}},
		"PUT /zones/v2/{zone}":                         {body: map[string]any{"name": "renamed", "criticality": "Low"}},
	}

	seedPartnerIsolation(h, w)
	return w
}

// seedPartnerIsolation gives partner A a tenant, a policy template, a user
// and a report run.
func seedPartnerIsolation(h *harness, w *isolationWorld) {
	h.t.Helper()
	partner, app := h.newPartner(isolationMarker + " MSP")
	_, appB := h.newPartner("B MSP")
	w.partnerTokA, w.partnerTokB = h.partnerToken(app), h.partnerToken(appB)
	tok := w.partnerTokA
	provisioned := h.do(http.MethodPost, "/public/v2/us/tenants/provision", tok, provision(isolationMarker+" dental")).
		want(200).field("venueTenantId")
	model := map[string]any{"policy": []any{map[string]any{"name": "auto_blocking", "value": "1"}}}
	template := h.do(http.MethodPost, "/public/v2/us/policy-templates", tok, map[string]any{
		"name": isolationMarker + " baseline", "partnerId": partner.ID.String(), "modelDetails": model}).
		want(200).field("policyTemplateId")
	user := h.do(http.MethodPost, "/public/v2/us/users", tok, map[string]any{"email": isolationMarker + "@example.org",
		"first_name": "Alpha", "roleName": []string{"Partner Administrator"}}).want(200).field("id")
	report := typed.As[string](h.t, typed.As[map[string]any](h.t, typed.As[[]any](h.t, h.do(http.MethodGet, "/public/v2/us/reports/list", tok, nil).want(200).json()["listData"])[0])["reportId"])
	run := h.do(http.MethodPost, "/public/v2/us/reports/report-runs/"+report+"/download", tok, nil).want(200).field("reportRunId")

	w.partnerObjects = map[string]string{"tenant": provisioned, "template": template, "user": user, "run": run}
	w.partnerMarkers = append(idMarkers(partner.ID.String(), app.ID.String(), provisioned, template, user, run), isolationMarker)
	w.requests["PUT /public/{region}/policy-templates/{template}"] = isolationRequest{body: map[string]any{
		"name": "renamed", "modelDetails": model}}
	w.requests["PUT /public/{region}/users/{user}"] = isolationRequest{body: map[string]any{"first_name": "Changed"}}
}

// forged is a link with the last digit of its signature changed.
func forged(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	sig := q.Get("sig")
	if sig == "" {
		t.Fatalf("link %s has no sig", link)
	}
	if sig[len(sig)-1] == '0' {
		q.Set("sig", sig[:len(sig)-1]+"1")
	} else {
		q.Set("sig", sig[:len(sig)-1]+"0")
	}
	u.RawQuery = q.Encode()
	return u.String()
}

// requestURI is the path and query of an absolute link.
func requestURI(t testing.TB, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || u.Path == "" {
		t.Fatalf("%q is not a link: %v", link, err)
	}
	return u.RequestURI()
}

// snapshot is what A reads through every GET route the suite covers:
// status and body, or only the status of an error, whose body carries a
// request id.
func (w *isolationWorld) snapshot(h *harness, paths map[httpapi.Route]string) map[string]string {
	snap := map[string]string{}
	for r, path := range paths {
		if r.Method != http.MethodGet {
			continue
		}
		tok, _ := w.tokens(r)
		res := h.do(http.MethodGet, path, tok, nil)
		snap[path] = fmt.Sprint(res.status)
		if res.status < 400 {
			snap[path] += " " + string(res.body)
		}
	}
	return snap
}

// methodOrder runs reads first, then updates, then actions (which may
// deactivate or archive), and deletes last, so that each of A's own
// requests finds its object in a state it can act on.
func methodOrder(method string) int {
	return slices.Index([]string{http.MethodGet, http.MethodPut, http.MethodPost, http.MethodDelete}, method)
}

func TestTenantIsolation(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		w := seedIsolation(h)

		routes := typed.As[*httpapi.Server](t, h.server).Routes()
		var lists, objects, signed []httpapi.Route
		for _, r := range routes {
			switch {
			case unscopedBecause(r.Pattern) != "":
			case slices.Contains(signedRoutes, r.Pattern):
				signed = append(signed, r)
			case len(objectParams(r.Pattern)) > 0:
				objects = append(objects, r)
			case r.Method == http.MethodGet:
				lists = append(lists, r)
			}
		}
		// The suite's lists of special routes must not outlive the routes.
		for _, u := range unscopedRoutes {
			if !slices.ContainsFunc(routes, func(r httpapi.Route) bool { return strings.HasPrefix(r.Pattern, u.prefix) }) {
				t.Errorf("no route starts with %s: drop it from unscopedRoutes", u.prefix)
			}
		}
		for _, pattern := range signedRoutes {
			if !slices.ContainsFunc(signed, func(r httpapi.Route) bool { return r.Pattern == pattern }) {
				t.Errorf("no route is %s: drop it from signedRoutes", pattern)
			}
		}
		for key := range w.requests {
			if !slices.ContainsFunc(objects, func(r httpapi.Route) bool { return routeKey(r) == key }) {
				t.Errorf("no object route is %s: drop or rename its request in seedIsolation", key)
			}
		}
		if len(objects) == 0 || len(lists) == 0 {
			t.Fatalf("the router lists %d object routes and %d list routes", len(objects), len(lists))
		}
		paths := map[httpapi.Route]string{}
		for _, r := range append(slices.Clone(lists), objects...) {
			paths[r] = w.path(t, r)
		}
		if t.Failed() {
			t.FailNow()
		}

		// From here on the clock stands, one second after A's last write,
		// so that any write of B's shows in a modification time.
		h.clock.Advance(time.Second)
		before := w.snapshot(h, paths)

		for _, r := range objects {
			path := paths[r]
			_, tokB := w.tokens(r)
			req := w.requests[routeKey(r)]
			res := h.do(r.Method, path+req.query, tokB, req.body)
			if isSearch(r) {
				if res.status != http.StatusOK || string(res.body) != "[]" {
					t.Errorf("%s %s: B searching for A's device answered %d %s, want 200 []", r.Method, path, res.status, res.body)
				}
				continue
			}
			if res.status != http.StatusNotFound {
				t.Errorf("%s %s: B's token on A's object answered %d, want 404: %s", r.Method, path, res.status, res.body)
			}
		}
		for _, r := range signed {
			link := w.links[r.Pattern]
			swapped := strings.Replace(link, "/"+w.a.id.String()+"/", "/"+w.b.id.String()+"/", 1)
			if swapped == link {
				t.Errorf("%s %s: A's link %q does not name A's tenant", r.Method, r.Pattern, link)
				continue
			}
			if res := h.do(r.Method, swapped, "", string(w.upload)); res.status != http.StatusNotFound {
				t.Errorf("%s %s: A's link with B's tenant answered %d, want 404: %s", r.Method, swapped, res.status, res.body)
			}
			// Were the signature not checked, anyone could reach A's object.
			if res := h.do(r.Method, forged(t, link), "", string(w.upload)); res.status != http.StatusNotFound {
				t.Errorf("%s %s: A's link with another signature answered %d, want 404: %s", r.Method, forged(t, link), res.status, res.body)
			}
		}
		for _, r := range lists {
			path := paths[r]
			_, tokB := w.tokens(r)
			body := strings.ToLower(string(h.do(http.MethodGet, path, tokB, nil).body))
			for _, m := range w.markers(r) {
				if strings.Contains(body, m) {
					t.Errorf("GET %s: B's answer holds %q, which is A's", path, m)
				}
			}
		}

		after := w.snapshot(h, paths)
		t.Logf("%d object routes tried as B, %d signed links swapped, %d lists searched, %d reads of A's compared",
			len(objects), len(signed), len(lists), len(before))
		for _, path := range slices.Sorted(maps.Keys(before)) {
			if was, now := before[path], after[path]; now != was {
				t.Errorf("GET %s: A read, before B's requests:\n%s\nafter:\n%s", path, was, now)
			}
		}

		// A's own requests must succeed: else B's 404 proved nothing.
		for _, r := range signed {
			link := w.links[r.Pattern]
			if r.Method == http.MethodGet {
				if status, body := h.fetch(h.url + link); status != http.StatusOK {
					t.Errorf("GET %s: A's link answered %d: %s", link, status, body)
				}
				continue
			}
			h.do(r.Method, link, "", string(w.upload)).want(http.StatusOK)
		}
		slices.SortStableFunc(objects, func(x, y httpapi.Route) int { return methodOrder(x.Method) - methodOrder(y.Method) })
		deleted := map[string]bool{}
		for _, r := range objects {
			path := paths[r]
			params := objectParams(r.Pattern)
			target, _ := w.object(r.Pattern, params[len(params)-1])
			if r.Method == http.MethodDelete && deleted[target] {
				continue // the same object under the partner API's other prefix
			}
			tokA, _ := w.tokens(r)
			req := w.requests[routeKey(r)]
			res := h.do(r.Method, path+req.query, tokA, req.body)
			if isSearch(r) && !strings.Contains(string(res.body), w.tenantObjects["device"]) {
				t.Errorf("%s %s: A's own search does not find A's device, so B's [] proves nothing: %d %s",
					r.Method, path, res.status, res.body)
			}
			if res.status >= 300 {
				t.Errorf("%s %s: A's own request answered %d, so B's answer proves nothing: fix the suite's object or request: %s",
					r.Method, path, res.status, res.body)
			}
			if r.Method == http.MethodDelete {
				deleted[target] = true
			}
		}
	})
}
