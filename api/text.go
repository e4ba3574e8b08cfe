package api

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/wolfden/wolfden"
)

// No field of the API may hold a C0 control character other than tab, line
// feed and carriage return, nor text that is not UTF-8: PostgreSQL refuses
// NUL and invalid UTF-8 (SQLite would store them), and the other controls
// are garbage in every name, path and filter the vendor documents. Both
// backends therefore see only text both can hold, and a client that sends
// such text gets a 400 naming where it is, identically on both.

// textFault describes the first character of s that no field may hold, or
// is "" when there is none.
func textFault(s string) string {
	for i := 0; i < len(s); {
		c, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			return fmt.Sprintf("holds a byte that is not UTF-8 at byte %d", i)
		case c < 0x20 && c != '\t' && c != '\n' && c != '\r':
			return fmt.Sprintf("holds the control character U+%04X at byte %d", c, i)
		}
		i += size
	}
	return ""
}

// checkJSONText refuses a JSON document (already known to be well formed)
// any of whose strings, member names included, holds a character no field
// may hold. Such a character can only be written as a \u00XX escape, so
// documents without one are passed at the cost of one search.
func checkJSONText(doc []byte) error {
	if !bytes.Contains(doc, []byte(`\u00`)) {
		return nil
	}
	dec := jsontext.NewDecoder(bytes.NewReader(doc))
	for {
		tok, err := dec.ReadToken()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return jsonError(err)
		}
		if tok.Kind() != '"' {
			continue
		}
		if fault := textFault(tok.String()); fault != "" {
			field := pointerToPath(dec.StackPointer())
			msg := "a string " + fault
			if field != "" {
				msg = field + " " + fault
			}
			return &wolfden.Error{Code: wolfden.EInvalid, Field: field, Message: msg}
		}
	}
}
