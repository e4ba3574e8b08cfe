package wolfden

import (
	"math"
	"strings"
)

// PageRequest selects one page of a list: Number is 1-based.
type PageRequest struct {
	Number int
	Size   int
}

// Offset is the number of items before the page, at most math.MaxInt: a
// page too far for the product to fit is past the end of any list, never
// wrapped around to a negative offset.
func (p PageRequest) Offset() int {
	if p.Size > 0 && p.Number-1 > math.MaxInt/p.Size {
		return math.MaxInt
	}
	return (p.Number - 1) * p.Size
}

// Page is one page of a list and the size of the whole list.
type Page[T any] struct {
	Items []T
	Total int
}

// SortOrder orders a list by one of the keys the list offers.
type SortOrder struct {
	Key  string
	Desc bool
}

// ParseSortOrder reads a sort parameter, "key" or "+key" ascending or
// "-key" descending, with keys in any case; an empty s is def. One sign is
// read: "+-key" names no key.
func ParseSortOrder(field, s string, keys []string, def SortOrder) (SortOrder, error) {
	if s = strings.TrimSpace(s); s == "" {
		return def, nil
	}
	order := SortOrder{Key: s}
	if s[0] == '+' || s[0] == '-' {
		order = SortOrder{Key: s[1:], Desc: s[0] == '-'}
	}
	for _, k := range keys {
		if strings.EqualFold(k, order.Key) {
			order.Key = k
			return order, nil
		}
	}
	return order, FieldErrorf(field, "cannot sort by %q: use one of %s, with - before it for descending order",
		order.Key, strings.Join(keys, ", "))
}
