package rest

import (
	"context"
	"net/http"
	"strconv"

	"github.com/wolfden/wolfden"
)

// WriteCSVFile answers a CSV file as an attachment named fileName.
func WriteCSVFile(w http.ResponseWriter, fileName string, file []byte) {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+fileName+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(len(file)))
	w.WriteHeader(http.StatusOK)
	w.Write(file)
}

// maxExportRows bounds one CSV export.
const maxExportRows = 100_000

// ReadAll reads every item list gives, page by page, up to maxExportRows.
func ReadAll[T any](ctx context.Context, list func(context.Context, wolfden.PageRequest) (wolfden.Page[T], error)) ([]T, error) {
	const size = 1000
	var items []T
	for number := 1; len(items) < maxExportRows; number++ {
		page, err := list(ctx, wolfden.PageRequest{Number: number, Size: size})
		if err != nil {
			return nil, err
		}
		items = append(items, page.Items...)
		if len(page.Items) < size {
			break
		}
	}
	return items, nil
}

// ExportCSV answers every item list gives, a row each, as a CSV file.
func ExportCSV[T any](ctx context.Context, w http.ResponseWriter, fileName string, header []string,
	list func(context.Context, wolfden.PageRequest) (wolfden.Page[T], error), row func(*T) []string) error {
	items, err := ReadAll(ctx, list)
	if err != nil {
		return err
	}
	rows := make([][]string, len(items))
	for i := range items {
		rows[i] = row(&items[i])
	}
	file, err := wolfden.EncodeCSV(header, rows)
	if err != nil {
		return err
	}
	WriteCSVFile(w, fileName, file)
	return nil
}
