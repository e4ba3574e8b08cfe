package httpapi_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/go-chi/chi/v5"

	"github.com/wolfden/wolfden/openapi"
)

// The black-box tests check every answer they receive against the OpenAPI
// document (openapi/src): send calls checkContract. The route that
// answered is noted by the harness's handler, under the request id.

var contract = sync.OnceValues(openapi.NewValidator)

// succeeded notes each operation a successful answer was validated for
// ("GET /devices/v2/{device}"), for TestMain's count.
var succeeded sync.Map

// checkContract fails the test when the answer is not what the document
// says the operation answers.
func (h *harness) checkContract(r *response, res *http.Response) {
	h.t.Helper()
	v, err := contract()
	if err != nil {
		h.t.Fatalf("the OpenAPI document: %v", err)
	}
	route, _ := h.routes.Load(res.Header.Get("X-Request-Id"))
	pattern, _ := route.(string)
	err = v.Response(res.Request.Method, pattern, r.status, res.Header, r.body)
	if err != nil {
		h.t.Errorf("%s: against the OpenAPI document: %v", r.req, err)
		return
	}
	if pattern != "" && r.status/100 == 2 {
		succeeded.Store(res.Request.Method+" "+strings.TrimSuffix(pattern, "/"), true)
	}
}

// TestMain runs the tests, then, when every test ran, fails if a
// documented operation never had a successful answer validated: each
// operation of the document is exercised by the black-box tests.
func TestMain(m *testing.M) {
	code := m.Run()
	// Only a run of every test counts: not -run, -skip, -list, -fuzz or
	// -short.
	partial := testing.Short()
	for _, name := range []string{"test.run", "test.skip", "test.list", "test.fuzz"} {
		if f := flag.Lookup(name); f != nil && f.Value.String() != "" {
			partial = true
		}
	}
	if code != 0 || partial {
		os.Exit(code)
	}
	var unexercised []string
	exercised := func(op string) bool { _, ok := succeeded.Load(op); return ok }
	for path, item := range openapi.Document()["paths"].(map[string]any) {
		original, _ := item.(map[string]any)["x-alias-of"].(string)
		for method := range item.(map[string]any) {
			if strings.HasPrefix(method, "x-") || method == "parameters" {
				continue
			}
			// An alias is exercised with the operation it copies.
			m := strings.ToUpper(method)
			if !exercised(m+" "+path) && (original == "" || !exercised(m+" "+original)) {
				unexercised = append(unexercised, m+" "+path)
			}
		}
	}
	if len(unexercised) > 0 {
		slices.Sort(unexercised)
		fmt.Fprintf(os.Stderr, "no successful answer of these documented operations was validated:\n  %s\n", strings.Join(unexercised, "\n  "))
		os.Exit(1)
	}
	os.Exit(code)
}

// noteRoutes gives each request a route context, which the API's router
// fills, and notes the pattern under the request id when the answer
// starts, before the client can read it.
func (h *harness) noteRoutes(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rctx := chi.NewRouteContext()
		r = r.WithContext(context.WithValue(r.Context(), chi.RouteCtxKey, rctx))
		next.ServeHTTP(&routeNoter{ResponseWriter: w, rctx: rctx, routes: h.routes}, r)
	})
}

type routeNoter struct {
	http.ResponseWriter
	rctx   *chi.Context
	routes *sync.Map
	noted  bool
}

func (n *routeNoter) note() {
	if !n.noted {
		n.noted = true
		n.routes.Store(n.Header().Get("X-Request-Id"), n.rctx.RoutePattern())
	}
}

func (n *routeNoter) WriteHeader(code int) {
	n.note()
	n.ResponseWriter.WriteHeader(code)
}

func (n *routeNoter) Write(b []byte) (int, error) {
	n.note()
	return n.ResponseWriter.Write(b)
}

func (n *routeNoter) Unwrap() http.ResponseWriter { return n.ResponseWriter }
