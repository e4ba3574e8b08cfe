package rest

import (
	"bytes"
	"errors"
	"io"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
)

// Text no field may hold (wolfden.TextFault) is refused where it enters:
// a client that sends it gets a 400 naming where it is, identically on
// both backends.

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
		if fault := wolfden.TextFault(tok.String()); fault != "" {
			field := pointerToPath(dec.StackPointer())
			msg := "a string " + fault
			if field != "" {
				msg = field + " " + fault
			}
			return &wolfden.Error{Code: wolfden.EInvalid, Field: field, Message: msg}
		}
	}
}
