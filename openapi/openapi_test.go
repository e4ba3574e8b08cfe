package openapi_test

import (
	"bufio"
	"encoding/json"
	"os"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/wolfden/wolfden/openapi"
)

func TestAssemble(t *testing.T) {
	doc := openapi.Document()
	if doc["openapi"] != "3.1.0" {
		t.Errorf("openapi = %v", doc["openapi"])
	}
	b, err := openapi.JSON("https://wolfden.example:8443")
	if err != nil {
		t.Fatal(err)
	}
	var fromJSON map[string]any
	if err := json.Unmarshal(b, &fromJSON); err != nil {
		t.Fatal(err)
	}
	if servers := fromJSON["servers"].([]any); len(servers) != 1 || servers[0].(map[string]any)["url"] != "https://wolfden.example:8443" {
		t.Errorf("servers = %v", servers)
	}
	y, err := openapi.YAML("")
	if err != nil {
		t.Fatal(err)
	}
	var fromYAML map[string]any
	if err := yaml.Unmarshal(y, &fromYAML); err != nil {
		t.Fatal(err)
	}
	if len(fromYAML["paths"].(map[string]any)) != len(fromJSON["paths"].(map[string]any)) {
		t.Error("the YAML and JSON documents differ in their paths")
	}
}

// operations lists the document's operations as "METHOD /path".
func operations(doc map[string]any) []string {
	var ops []string
	for path, item := range doc["paths"].(map[string]any) {
		for method := range item.(map[string]any) {
			switch method {
			case "get", "put", "post", "delete", "patch":
				ops = append(ops, strings.ToUpper(method)+" "+path)
			}
		}
	}
	slices.Sort(ops)
	return ops
}

// Every route the server serves is documented, and every documented
// operation is served: the route table's list (httpapi/testdata/routes.txt)
// and the document's paths agree both ways.
func TestRoutesDocumented(t *testing.T) {
	f, err := os.Open("../httpapi/testdata/routes.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var served []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) != 2 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		path := fields[1]
		if path != "/" {
			path = strings.TrimSuffix(path, "/")
		}
		served = append(served, fields[0]+" "+path)
	}
	slices.Sort(served)
	documented := operations(openapi.Document())
	for _, op := range served {
		if !slices.Contains(documented, op) {
			t.Errorf("served, not documented: %s", op)
		}
	}
	for _, op := range documented {
		if !slices.Contains(served, op) {
			t.Errorf("documented, not served: %s", op)
		}
	}
	t.Logf("%d routes served, %d operations documented", len(served), len(documented))
}

// Every object schema says whether it takes members it does not list,
// so that an answer with an undocumented member fails validation rather
// than slipping through.
func TestObjectsAreClosed(t *testing.T) {
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch v := v.(type) {
		case map[string]any:
			if _, isSchema := v["properties"]; isSchema && v["type"] == "object" {
				_, add := v["additionalProperties"]
				_, uneval := v["unevaluatedProperties"]
				if !add && !uneval && !strings.HasSuffix(where, "/PageEnvelope") {
					t.Errorf("%s: an object schema without additionalProperties or unevaluatedProperties", where)
				}
			}
			for k, e := range v {
				walk(where+"/"+k, e)
			}
		case []any:
			for _, e := range v {
				walk(where, e)
			}
		}
	}
	walk("", openapi.Document())
}
