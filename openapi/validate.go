package openapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// FaultHeader names the control plane's fault rule that made an answer.
const FaultHeader = "X-Wolfden-Fault"

// ErrUndocumented is the error of an answer whose operation the document
// does not have.
var ErrUndocumented = errors.New("not in the document")

// documentURL names the document as a JSON Schema resource, so that the
// schemas in it and their $refs resolve against it.
const documentURL = "https://wolfden.invalid/openapi.json"

// Validator checks answers against the document. OpenAPI 3.1's schemas
// are JSON Schema 2020-12, which the validator library checks in full,
// formats included; the operation is found by the route pattern the
// server routed the request by, never guessed from the path.
type Validator struct {
	doc      map[string]any
	compiler *jsonschema.Compiler
	mu       sync.Mutex
	schemas  map[string]*jsonschema.Schema // by JSON pointer
}

// NewValidator returns a validator of the assembled document.
func NewValidator() (*Validator, error) {
	b, err := JSON("")
	if err != nil {
		return nil, err
	}
	resource, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	if err := c.AddResource(documentURL, resource); err != nil {
		return nil, err
	}
	return &Validator{doc: Document(), compiler: c, schemas: map[string]*jsonschema.Schema{}}, nil
}

// Response checks one answer: that the operation (method and route, the
// route table's pattern) is documented with status, that a body is there
// exactly when the document gives the answer content, of a documented
// media type, and that a JSON body matches its schema. An answer no
// operation gave (no route: 404; a method the API does not define: 501)
// has nothing to check. An answer a fault rule of the control plane made
// (header X-Wolfden-Fault) may have any status a rule can fake, and is
// checked against the error body.
func (v *Validator) Response(method, route string, status int, header http.Header, body []byte) error {
	contentType := header.Get("Content-Type")
	route = strings.TrimSuffix(route, "/")
	if route == "" || strings.HasSuffix(route, "/*") {
		return nil // no route answered: an unknown path, even under a mount
	}
	item := asMap(asMap(v.doc["paths"])[route])
	if item == nil {
		return fmt.Errorf("%s %s: the route is %w", method, route, ErrUndocumented)
	}
	op := asMap(item[strings.ToLower(method)])
	if op == nil {
		if status == http.StatusNotImplemented {
			return nil
		}
		return fmt.Errorf("%s %s: the operation is %w", method, route, ErrUndocumented)
	}
	code := strconv.Itoa(status)
	pointer := "/paths/" + escape(route) + "/" + strings.ToLower(method) + "/responses/" + code
	response, ok := asMap(op["responses"])[code]
	switch {
	case header.Get(FaultHeader) != "":
		response, pointer = map[string]any{"$ref": "#/components/responses/InternalError"}, ""
		if status == http.StatusNotFound && len(body) == 0 {
			return nil // a faked 404 of a one-object read, empty as the route's own
		}
	case !ok:
		return fmt.Errorf("%s %s: status %d is not documented", method, route, status)
	}
	resolved, pointer := deref(v.doc, response, pointer)
	content := asMap(resolved["content"])
	switch {
	case len(body) == 0 && len(content) == 0:
		return nil
	case len(body) == 0:
		return fmt.Errorf("%s %s: %d has an empty body; the document gives it content", method, route, status)
	case len(content) == 0:
		return fmt.Errorf("%s %s: %d has a body (%.80q); the document gives it none", method, route, status, body)
	}
	mediaType, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("%s %s: %d: Content-Type %q: %v", method, route, status, contentType, err)
	}
	media, ok := content[mediaType]
	if !ok {
		return fmt.Errorf("%s %s: %d answers %s; the document gives it %v", method, route, status, mediaType, keys(content))
	}
	if mediaType != "application/json" || asMap(media)["schema"] == nil {
		return nil
	}
	schema, err := v.schema(pointer + "/content/" + escape(mediaType) + "/schema")
	if err != nil {
		return err
	}
	instance, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("%s %s: %d: the body is not JSON: %v", method, route, status, err)
	}
	if err := schema.Validate(instance); err != nil {
		return fmt.Errorf("%s %s: %d: the body does not match the document: %v\nbody: %s", method, route, status, err, clip(body))
	}
	return nil
}

func (v *Validator) schema(pointer string) (*jsonschema.Schema, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if s, ok := v.schemas[pointer]; ok {
		return s, nil
	}
	s, err := v.compiler.Compile(documentURL + "#" + pointer)
	if err != nil {
		return nil, fmt.Errorf("openapi: compile %s: %w", pointer, err)
	}
	v.schemas[pointer] = s
	return s, nil
}

// escape escapes a JSON Pointer token (RFC 6901).
func escape(token string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(token)
}

func keys(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	return ks
}

func clip(b []byte) string {
	var v any
	if json.Unmarshal(b, &v) == nil {
		if c, err := json.Marshal(v); err == nil {
			b = c
		}
	}
	if len(b) > 600 {
		return string(b[:600]) + "…"
	}
	return string(b)
}

// CheckExamples validates every example of a JSON request or answer in
// the document against its schema, so that what a mock server (Prism)
// serves from the document is what wolfden answers, and what the document
// shows a client send is what wolfden takes.
func (v *Validator) CheckExamples() error {
	var errs []error
	check := func(where string, media map[string]any, pointer string) {
		var examples []any
		if ex, ok := media["example"]; ok {
			examples = append(examples, ex)
		}
		for _, ex := range asMap(media["examples"]) {
			examples = append(examples, asMap(ex)["value"])
		}
		if len(examples) == 0 || media["schema"] == nil {
			return
		}
		schema, err := v.schema(pointer + "/content/application~1json/schema")
		if err != nil {
			errs = append(errs, err)
			return
		}
		for _, ex := range examples {
			b, _ := json.Marshal(ex)
			instance, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err := schema.Validate(instance); err != nil {
				errs = append(errs, fmt.Errorf("%s: the example does not match the schema: %v", where, err))
			}
		}
	}
	for route, item := range asMap(v.doc["paths"]) {
		for method, op := range asMap(item) {
			if !isMethod(method) {
				continue
			}
			opPointer := "/paths/" + escape(route) + "/" + method
			where := strings.ToUpper(method) + " " + route
			body, pointer := deref(v.doc, asMap(op)["requestBody"], opPointer+"/requestBody")
			check(where+" request", asMap(asMap(body["content"])["application/json"]), pointer)
			for code, response := range asMap(asMap(op)["responses"]) {
				response, pointer := deref(v.doc, response, opPointer+"/responses/"+code)
				check(where+" "+code, asMap(asMap(response["content"])["application/json"]), pointer)
			}
		}
	}
	return errors.Join(errs...)
}
