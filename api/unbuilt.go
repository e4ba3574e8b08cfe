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
	// packages.md
	"GET /packages/v2", "GET /packages/v2/{id}", "POST /packages/v2", "DELETE /packages/v2/{id}",
	"GET /packages/v2/executions", "POST /packages/v2/executions", "GET /packages/v2/executions/{id}",
	"DELETE /packages/v2/executions/{id}",
	// devicecommands.md
	"PUT /devicecommands/v2/{id}/lockdown", "GET /devicecommands/v2/{id}/lockdown",
	"POST /devicecommands/v2/{id}/getfile", "POST /devicecommands/v2/{id}/getfile:get",
	"GET /devicecommands/v2/retrieved_files",
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
