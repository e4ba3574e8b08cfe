package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/wolfden/wolfden/faults"
	"github.com/wolfden/wolfden/httpapi/rest"
)

// injectFaults carries out, before routing, the fault rules that name no
// tenant, partner or application: they fire on any path but the control
// plane's, before authentication. Those that do name one fire in the
// routes' Op, once the caller is known. A 404 faked on a route that reads
// one object has an empty body, as the route's own 404 (rest.ObjectRead).
// Scrapes of the metrics are never faulted.
func (s *Server) injectFaults(router *chi.Mux) http.Handler {
	if s.Faults == nil {
		return router
	}
	reads := objectReadRoutes(router)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.isMetrics(r) {
			router.ServeHTTP(w, r)
			return
		}
		a := s.Faults.Check(r, faults.Identity{})
		if a.Status == http.StatusNotFound && reads[r.Method+" "+router.Find(chi.NewRouteContext(), r.Method, routingPath(r))] {
			r = rest.MarkObjectRead(r)
		}
		if !s.ApplyFault(w, r, a) {
			router.ServeHTTP(w, r)
		}
	})
}

// objectReadRoutes are the routes rest.ObjectRead marks, as "METHOD
// pattern".
func objectReadRoutes(router chi.Routes) map[string]bool {
	reads := make(map[string]bool)
	chi.Walk(router, func(method, pattern string, h http.Handler, _ ...func(http.Handler) http.Handler) error {
		if rest.IsObjectRead(h) {
			reads[method+" "+pattern] = true
		}
		return nil
	})
	return reads
}

// routingPath is the path chi routes on: the escaped one when it differs.
func routingPath(r *http.Request) string {
	if r.URL.RawPath != "" {
		return r.URL.RawPath
	}
	return r.URL.Path
}
