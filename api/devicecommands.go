package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/wolfden/wolfden"
)

// The OPTICS device command routes (spec devicecommands.md): lockdown and
// file retrieval. Device ids are taken in either form and printed
// upper-case without hyphens.
func (s *Server) deviceCommandRoutes(r chi.Router) {
	lock := s.op(s.setLockdown, wolfden.ScopeOpticsCommandCreate)
	state := s.op(s.getLockdown, wolfden.ScopeOpticsCommandRead)
	r.Method(http.MethodPut, "/devicecommands/v2/{device}/lockdown", lock)
	// python-cyapi locks down with GET and PUT's query; a GET without
	// value reads the state (spec open question 6).
	r.Method(http.MethodGet, "/devicecommands/v2/{device}/lockdown", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Has("value") {
			lock.ServeHTTP(w, r)
			return
		}
		state.ServeHTTP(w, r)
	}))
	r.Method(http.MethodPost, "/devicecommands/v2/{device}/getfile", s.op(s.requestFile, wolfden.ScopeOpticsCommandCreate))
	r.Method(http.MethodPost, "/devicecommands/v2/{device}/getfile:get", s.op(s.fileStatus, wolfden.ScopeOpticsCommandRead))
	r.Method(http.MethodGet, "/devicecommands/v2/retrieved_files", s.op(s.listRetrievedFiles, wolfden.ScopeOpticsCommandRead))
	r.Method(http.MethodGet, "/retrieved/{tenant}/{retrieval}.zip", s.linked(s.downloadRetrievedFile))
}
