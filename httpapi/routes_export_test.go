package httpapi

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

// Route is a route of the API: a method and its chi pattern.
type Route struct{ Method, Pattern string }

// Routes lists every route the server answers, so that tests can cover
// each without a list of their own to keep up to date.
func (s *Server) Routes() []Route {
	var routes []Route
	chi.Walk(s.routes(), func(method, pattern string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		routes = append(routes, Route{Method: method, Pattern: pattern})
		return nil
	})
	return routes
}
