package sqlstore

import (
	"fmt"
	"strings"

	"github.com/wolfden/wolfden"
)

// conditions builds the WHERE clause of a statement whose filters are
// optional, numbering placeholders after the ones the statement already
// has.
type conditions struct {
	where []string
	args  []any
}

func newConditions(args ...any) *conditions { return &conditions{args: args} }

// add appends a condition; each ? in it stands for the next of args.
func (c *conditions) add(cond string, args ...any) {
	var b strings.Builder
	for _, part := range strings.SplitAfter(cond, "?") {
		if strings.HasSuffix(part, "?") {
			c.args = append(c.args, args[0])
			args = args[1:]
			fmt.Fprintf(&b, "%s$%d", strings.TrimSuffix(part, "?"), len(c.args))
			continue
		}
		b.WriteString(part)
	}
	c.where = append(c.where, b.String())
}

// sql is the conditions joined with AND.
func (c *conditions) sql() string { return strings.Join(c.where, " AND ") }

// containsPattern is a LIKE pattern (with ESCAPE '\') matching values that
// contain s in lower case.
func containsPattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.ToLower(s)) + "%"
}

// orderBy is the ORDER BY clause that sorts by order's key, one of the
// keys of columns, and then by the tie-breaking columns in the same
// direction, so that pages never overlap.
func orderBy(columns map[string]string, order wolfden.SortOrder, tieBreak ...string) (string, error) {
	col, ok := columns[order.Key]
	if !ok {
		return "", wolfden.FieldErrorf("sort", "cannot sort by %q", order.Key)
	}
	dir := " ASC"
	if order.Desc {
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
