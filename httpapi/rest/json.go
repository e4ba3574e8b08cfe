package rest

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
)

// The server reads and writes JSON with the JSON v2 package
// (github.com/go-json-experiment/json, the design adopted as
// encoding/json/v2): its errors carry the JSON Pointer and byte offset of a
// fault, which is what a precise 400 needs, and it writes nil slices as [].

const ContentTypeJSON = "application/json; charset=utf-8"

// WriteJSON writes v as the response with status. A string that is not
// valid UTF-8 (a path or query echoed in a message) is written with U+FFFD
// in place of its bad bytes rather than failing the answer; so is a raw
// document with a name twice (a body the request journal kept as a client
// sent it).
func (s *Core) WriteJSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	if err != nil {
		panic(fmt.Sprintf("api: encode %T: %v", v, err)) // a bug in a wire type; recover answers 500
	}
	w.Header().Set("Content-Type", ContentTypeJSON)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	w.Write(b)
}

// WriteEmpty answers 200 with no body, as the vendor does for deletes and
// e-mail requests. An empty body carries no content type: clients (the
// SOAR connector) parse any body labelled JSON and fail on an empty one.
func WriteEmpty(w http.ResponseWriter) { WriteNoBody(w, http.StatusOK) }

// WriteNoBody answers status with an empty body, which claims no content
// type (and, for a 204, no Content-Length either, as RFC 9110 asks).
func WriteNoBody(w http.ResponseWriter, status int) {
	if status != http.StatusNoContent {
		w.Header().Set("Content-Length", "0")
	}
	w.WriteHeader(status)
}

// DecodeOptionalJSON is DecodeJSON for a body a request may leave out:
// none at all leaves v as it is.
func DecodeOptionalJSON(r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return DecodeJSON(r, v)
}

// DecodeJSON reads the request body into v. Member names match
// case-insensitively (the vendor's .NET service does) and unknown members
// are ignored, so clients that send an object back with its read-only
// fields keep working. Every fault is a 400 naming where it is, and so is a
// string holding a character no field may hold (text.go).
func DecodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return err
		}
		return wolfden.Errorf(wolfden.EInvalid, "cannot read request body: %v", err)
	}
	if err := json.Unmarshal(body, v, json.MatchCaseInsensitiveNames(true)); err != nil {
		return jsonError(err)
	}
	return checkJSONText(body)
}

// jsonError turns a failure to unmarshal a request into the error that
// names where the fault is.
func jsonError(err error) error {
	var (
		syn *jsontext.SyntacticError
		sem *json.SemanticError
	)
	switch {
	case errors.As(err, &syn):
		if syn.ByteOffset == 0 && errors.Is(syn.Err, io.ErrUnexpectedEOF) {
			return wolfden.Errorf(wolfden.EInvalid, "request body must be a JSON object; it is empty")
		}
		field := pointerToPath(syn.JSONPointer)
		msg := fmt.Sprintf("malformed JSON at byte offset %d: %v", syn.ByteOffset, syn.Err)
		if field != "" {
			msg += " (in " + field + ")"
		}
		return &syntaxError{msg: msg, field: field, offset: syn.ByteOffset}
	case errors.As(err, &sem):
		field := pointerToPath(sem.JSONPointer)
		if sem.Err != nil && !errors.Is(sem.Err, io.ErrUnexpectedEOF) {
			return &wolfden.Error{Code: wolfden.EInvalid, Field: field, Message: sem.Err.Error()}
		}
		msg := fmt.Sprintf("expected %s, got %s", describeGoType(sem.GoType), DescribeKind(sem.JSONKind))
		if field != "" {
			msg = field + ": " + msg
		} else {
			msg = "request body: " + msg
		}
		return &wolfden.Error{Code: wolfden.EInvalid, Field: field, Message: msg}
	}
	return wolfden.Errorf(wolfden.EInvalid, "cannot read request body: %v", err)
}

// pointerToPath turns a JSON Pointer ("/zones/1/id") into the path notation
// error bodies use ("zones[1].id").
func pointerToPath(p jsontext.Pointer) string {
	var b strings.Builder
	for tok := range p.Tokens() {
		if _, err := strconv.Atoi(tok); err == nil {
			b.WriteString("[" + tok + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

func describeGoType(t reflect.Type) string {
	if t == nil {
		return "a different value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "an integer"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "a " + t.String()
}

func DescribeKind(k jsontext.Kind) string {
	switch k {
	case '"':
		return "a string"
	case '0':
		return "a number"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	case '{':
		return "an object"
	case '[':
		return "an array"
	}
	return "a different value"
}
