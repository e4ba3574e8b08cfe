package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/wolfden/wolfden"
)

// parseListOrder reads the sort parameter: a field of the list, descending
// when it starts with "-" (spec: "-" = desc), ascending otherwise (a
// leading "+" is allowed). Without it the list is in order def.
func parseListOrder(r *http.Request, fields []string, def wolfden.ListOrder) (wolfden.ListOrder, error) {
	q := r.URL.Query()
	if !q.Has("sort") {
		return def, nil
	}
	sort := strings.TrimSpace(q.Get("sort"))
	order := wolfden.ListOrder{Field: strings.TrimPrefix(strings.TrimPrefix(sort, "+"), "-"), Descending: strings.HasPrefix(sort, "-")}
	if !slices.Contains(fields, order.Field) {
		return def, wolfden.FieldErrorf("sort", "cannot sort by %q: sort by one of %s, with a leading - for descending order",
			sort, strings.Join(fields, ", "))
	}
	return order, nil
}
