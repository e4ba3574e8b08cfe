package api

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/wolfden/wolfden"
)

// unbuilt lists the documented routes (spec coverage.md, and the DLCM paths
// devices.md recommends) that wolfden does not serve yet. They answer 501
// naming the operation, so a client can tell "not built" from "no such
// resource". An area's routes leave this list when the area is built.
var unbuilt = []string{
	// detections.md
	"GET /detections/v2", "GET /detections/v2/{id}/details", "GET /detections/v2/csv", "GET /detections/v2/severity",
	"POST /detections/v2/update", "POST /detections/v2", "DELETE /detections/v2/{id}", "DELETE /detections/v2",
	// focusview.md
	"GET /foci/v2", "GET /foci/v2/{id}", "GET /foci/v2/{id}/results", "POST /foci/v2/search", "POST /foci/v2",
	// instaquery.md
	"GET /instaqueries/v2", "POST /instaqueries/v2", "GET /instaqueries/v2/{id}", "GET /instaqueries/v2/{id}/results",
	"POST /instaqueries/v2/{id}/archive",
}

// unbuiltRoutes registers the 501 answers. They come before
// authentication: they touch nothing, and a client learns at once that the
// operation is not there.
func (s *Server) unbuiltRoutes(r chi.Router) {
	answer := func(route string) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			s.writeError(w, req, wolfden.Errorf(wolfden.ENotImplemented,
				"%s is an operation of the API that this wolfden does not implement yet", route))
		})
	}
	for _, route := range unbuilt {
		method, path, _ := strings.Cut(route, " ")
		r.Method(method, path, answer(route))
	}
}
