// Package openapi is wolfden's machine-readable contract: an OpenAPI 3.1
// document of every route it serves, written by hand, one file per area
// (src/*.yaml, beside docs/api's pages), and assembled here. The server
// serves it at /openapi.json and /openapi.yaml; the tests check it against
// the route table both ways and validate every answer the black-box tests
// receive against it (Validator), so that the document and the server
// cannot drift apart (docs/openapi.md says why it is written by hand).
package openapi

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed src/*.yaml
var sources embed.FS

// Document is the assembled document as a generic tree, shared: callers
// must not change it. It panics if the embedded sources do not assemble,
// which TestAssemble rules out.
func Document() map[string]any {
	doc, err := assembled()
	if err != nil {
		panic(err)
	}
	return doc
}

var assembled = sync.OnceValues(func() (map[string]any, error) { return assemble(sources) })

// JSON returns the document as JSON, its servers naming serverURL when it
// is not empty (the server fills in its own public URL).
func JSON(serverURL string) ([]byte, error) {
	b, err := json.MarshalIndent(withServer(Document(), serverURL), "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// YAML returns the document as YAML, as JSON does.
func YAML(serverURL string) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(withServer(Document(), serverURL)); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// withServer is doc with one server, serverURL; doc itself when empty.
func withServer(doc map[string]any, serverURL string) map[string]any {
	if serverURL == "" {
		return doc
	}
	c := maps.Clone(doc)
	c["servers"] = []any{map[string]any{"url": serverURL, "description": "this wolfden server"}}
	return c
}

// assemble merges the source files: base.yaml holds the document's
// skeleton and shared components; every other file adds paths,
// components and tags, and may not redefine any.
func assemble(fsys fs.FS) (map[string]any, error) {
	names, err := fs.Glob(fsys, "src/*.yaml")
	if err != nil {
		return nil, err
	}
	// base.yaml first, then the areas in name order.
	slices.SortFunc(names, func(a, b string) int {
		return strings.Compare(strings.TrimPrefix(a, "src/base.yaml"), strings.TrimPrefix(b, "src/base.yaml"))
	})
	var doc map[string]any
	for _, name := range names {
		part, err := readSource(fsys, name)
		if err != nil {
			return nil, err
		}
		if doc == nil {
			if path.Base(name) != "base.yaml" {
				return nil, fmt.Errorf("openapi: src/base.yaml is missing")
			}
			doc = part
			continue
		}
		if err := merge(doc, part, name); err != nil {
			return nil, err
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("openapi: no sources")
	}
	if err := addAliases(doc); err != nil {
		return nil, err
	}
	addCommonResponses(doc)
	return doc, nil
}

// addAliases copies each path item that lists other paths in x-also-at
// (the partner API's /public/{region} beside /public/v2/{region}) to
// those paths, its operation ids suffixed with the alias's position and
// x-alias-of naming the original, so that every path the server answers
// is in the document.
func addAliases(doc map[string]any) error {
	paths := asMap(doc["paths"])
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		item := asMap(paths[p])
		aliases, _ := item["x-also-at"].([]any)
		delete(item, "x-also-at")
		for i, alias := range aliases {
			a, _ := alias.(string)
			if _, taken := paths[a]; taken || a == "" {
				return fmt.Errorf("openapi: %s: x-also-at %q is empty or defined twice", p, alias)
			}
			copied := map[string]any{"x-alias-of": p}
			for method, op := range item {
				if !isMethod(method) {
					copied[method] = op
					continue
				}
				op := maps.Clone(asMap(op))
				if id, ok := op["operationId"].(string); ok {
					op["operationId"] = fmt.Sprintf("%sAlias%d", id, i+1)
				}
				desc, _ := op["description"].(string)
				op["description"] = strings.TrimSpace(fmt.Sprintf("The same operation as at `%s`. %s", p, desc))
				copied[method] = op
			}
			paths[a] = copied
		}
	}
	return nil
}

func readSource(fsys fs.FS, name string) (map[string]any, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	var v any
	if err := yaml.Unmarshal(b, &v); err != nil {
		return nil, fmt.Errorf("openapi: %s: %w", name, err)
	}
	m, ok := normalize(v).(map[string]any)
	if !ok {
		return nil, fmt.Errorf("openapi: %s is not a mapping", name)
	}
	return m, nil
}

// normalize turns YAML's mappings with non-string keys (status codes
// such as 200) into map[string]any, as JSON has them.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			v[k] = normalize(e)
		}
		return v
	case map[any]any:
		m := make(map[string]any, len(v))
		for k, e := range v {
			m[fmt.Sprint(k)] = normalize(e)
		}
		return m
	case []any:
		for i, e := range v {
			v[i] = normalize(e)
		}
		return v
	}
	return v
}

// merge adds an area file's paths, components and tags to doc.
func merge(doc, part map[string]any, name string) error {
	for key, value := range part {
		switch key {
		case "paths":
			if err := mergeMaps(child(doc, "paths"), asMap(value), name+": paths", true); err != nil {
				return err
			}
		case "components":
			for kind, defs := range asMap(value) {
				if err := mergeMaps(child(child(doc, "components"), kind), asMap(defs), name+": components."+kind, false); err != nil {
					return err
				}
			}
		case "tags":
			tags, _ := doc["tags"].([]any)
			doc["tags"] = append(tags, value.([]any)...)
		default:
			return fmt.Errorf("openapi: %s: an area file holds paths, components and tags, not %q", name, key)
		}
	}
	return nil
}

// mergeMaps adds src's entries to dst; a path may gain methods from
// another file, but no method or component may be defined twice.
func mergeMaps(dst, src map[string]any, where string, paths bool) error {
	for k, v := range src {
		old, exists := dst[k]
		if !exists {
			dst[k] = v
			continue
		}
		if !paths {
			return fmt.Errorf("openapi: %s: %s is defined twice", where, k)
		}
		for method, op := range asMap(v) {
			if _, twice := asMap(old)[method]; twice {
				return fmt.Errorf("openapi: %s: %s %s is defined twice", where, method, k)
			}
			asMap(old)[method] = op
		}
	}
	return nil
}

// deref follows v's $ref, when it names a component of the document
// ("#/components/responses/NotFound"), to the component, and says where
// that is as a JSON Pointer; otherwise it returns v at pointer.
func deref(doc map[string]any, v any, pointer string) (map[string]any, string) {
	for range 8 { // a component may itself be a reference
		ref, _ := asMap(v)["$ref"].(string)
		kind, name, ok := strings.Cut(strings.TrimPrefix(ref, "#/components/"), "/")
		if !ok || !strings.HasPrefix(ref, "#/components/") {
			break
		}
		v, pointer = asMap(asMap(doc["components"])[kind])[name], "/components/"+kind+"/"+escape(name)
	}
	return asMap(v), pointer
}

func child(m map[string]any, key string) map[string]any {
	c, ok := m[key].(map[string]any)
	if !ok {
		c = map[string]any{}
		m[key] = c
	}
	return c
}

func asMap(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// Viewer is a page that renders the document served beside it
// (openapi.json, relative to the page) in a browser, with nothing fetched
// from anywhere else: wolfden serves it at /openapi.
//
//go:embed viewer/index.html
var Viewer []byte
