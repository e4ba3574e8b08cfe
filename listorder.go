package wolfden

// ListOrder sorts a list by one of its fields, named as the API names it
// (created_at, uploadedOn…). Each list says which fields it sorts by.
type ListOrder struct {
	Field      string
	Descending bool
}
