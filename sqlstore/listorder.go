package sqlstore

import (
	"strings"

	"github.com/wolfden/wolfden"
)

// orderBy is the ORDER BY clause that sorts by order's field, one of the
// keys of columns, and then by the tie-breaking columns in the same
// direction, so that pages never overlap.
func orderBy(columns map[string]string, order wolfden.ListOrder, tieBreak ...string) (string, error) {
	col, ok := columns[order.Field]
	if !ok {
		return "", wolfden.FieldErrorf("sort", "cannot sort by %q", order.Field)
	}
	dir := " ASC"
	if order.Descending {
		dir = " DESC"
	}
	terms := []string{col + dir}
	for _, c := range tieBreak {
		if c != col {
			terms = append(terms, c+dir)
		}
	}
	return " ORDER BY " + strings.Join(terms, ", "), nil
}

// containsPattern is a LIKE pattern (with ESCAPE '\') matching text that
// contains s, lower-cased, taking s's own % and _ literally.
func containsPattern(s string) string {
	esc := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(strings.ToLower(s))
	return "%" + esc + "%"
}
