package api

import (
	"cmp"
	"net/http"

	"github.com/wolfden/wolfden"
)

// writeLinkedPage answers one page of a list whose items' wire form can
// fail: those carrying signed links. The first failure is the answer.
func writeLinkedPage[T, W any](s *Server, w http.ResponseWriter, r *http.Request, req wolfden.PageRequest, page wolfden.Page[T],
	wire func(*http.Request, *T) (W, error)) error {
	var first error
	envelope := newPageEnvelope(req, page, func(item *T) W {
		out, err := wire(r, item)
		first = cmp.Or(first, err)
		return out
	})
	if first != nil {
		return first
	}
	s.writeJSON(w, r, http.StatusOK, envelope)
	return nil
}
