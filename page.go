package wolfden

// PageRequest selects one page of a list: Number is 1-based.
type PageRequest struct {
	Number int
	Size   int
}

// Offset is the number of items before the page.
func (p PageRequest) Offset() int { return (p.Number - 1) * p.Size }

// Page is one page of a list and the size of the whole list.
type Page[T any] struct {
	Items []T
	Total int
}
