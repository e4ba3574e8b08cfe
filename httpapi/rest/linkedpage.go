package rest

import (
	"cmp"
	"net/http"

	"github.com/wolfden/wolfden"
)

// WriteLinkedPage answers one page of a list whose items' wire form can
// fail: those carrying signed links. The first failure is the answer.
func WriteLinkedPage[T, W any](s *Core, w http.ResponseWriter, r *http.Request, req wolfden.PageRequest, page wolfden.Page[T],
	wire func(*http.Request, *T) (W, error)) error {
	var first error
	envelope := NewPageEnvelope(req, page, func(item *T) W {
		out, err := wire(r, item)
		first = cmp.Or(first, err)
		return out
	})
	if first != nil {
		return first
	}
	s.WriteJSON(w, r, http.StatusOK, envelope)
	return nil
}
