package wolfden

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// EncodeCSV writes a header and rows as a CSV file. Cells a spreadsheet
// would run as a formula get a leading apostrophe (OWASP's CSV-injection
// advice): names in these files are users' input.
func EncodeCSV(header []string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(header)
	for _, row := range rows {
		safe := make([]string, len(row))
		for i, cell := range row {
			safe[i] = neutralizeFormula(cell)
		}
		w.Write(safe)
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

func neutralizeFormula(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
