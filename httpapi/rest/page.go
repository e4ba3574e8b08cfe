package rest

import (
	"math"
	"net/http"
	"strconv"

	"github.com/wolfden/wolfden"
)

// PageLimits are a list's default and largest page_size
// (docs/api/README.md).
type PageLimits struct{ Default, Max int }

// pageEnvelope is the tenant API's list envelope (docs/api/README.md).
type pageEnvelope[T any] struct {
	PageNumber         int `json:"page_number"`
	PageSize           int `json:"page_size"`
	TotalPages         int `json:"total_pages"`
	TotalNumberOfItems int `json:"total_number_of_items"`
	PageItems          []T `json:"page_items"`
}

// maxPageNumber is the largest page a list serves: the vendor's page is a
// 32-bit integer, and with it no offset can overflow.
const maxPageNumber = math.MaxInt32

// ParsePage reads page and page_size. A page or page_size that is not a
// positive integer is a 400, as is a page past maxPageNumber; a page_size
// over the maximum is clamped to it and the clamped value echoed
// (python-cyapi pages with the echoed size).
func ParsePage(r *http.Request, limits PageLimits) (wolfden.PageRequest, error) {
	page := wolfden.PageRequest{Number: 1, Size: limits.Default}
	q := r.URL.Query()
	for _, p := range []struct {
		name string
		dst  *int
	}{{"page", &page.Number}, {"page_size", &page.Size}} {
		if !q.Has(p.name) {
			continue
		}
		n, err := strconv.Atoi(q.Get(p.name))
		if err != nil || n < 1 {
			return page, wolfden.FieldErrorf(p.name, "%s must be a positive integer, not %q", p.name, q.Get(p.name))
		}
		*p.dst = n
	}
	if page.Number > maxPageNumber {
		return page, wolfden.FieldErrorf("page", "page must be at most %d, not %d", maxPageNumber, page.Number)
	}
	page.Size = min(page.Size, limits.Max)
	return page, nil
}

// NewPageEnvelope wraps one page of items, converted to their wire form.
// A page past the end holds no items; total_pages is 0 for an empty list.
func NewPageEnvelope[T, W any](req wolfden.PageRequest, page wolfden.Page[T], wire func(*T) W) pageEnvelope[W] {
	items := make([]W, len(page.Items))
	for i := range page.Items {
		items[i] = wire(&page.Items[i])
	}
	return pageEnvelope[W]{
		PageNumber:         req.Number,
		PageSize:           req.Size,
		TotalPages:         (page.Total + req.Size - 1) / req.Size,
		TotalNumberOfItems: page.Total,
		PageItems:          items,
	}
}

// ParseSort reads the sort parameter: one of keys (any case), descending
// with a leading "-", ascending otherwise or with "+"; def without it.
func ParseSort(r *http.Request, keys []string, def wolfden.SortOrder) (wolfden.SortOrder, error) {
	return wolfden.ParseSortOrder("sort", r.URL.Query().Get("sort"), keys, def)
}
