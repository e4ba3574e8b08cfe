package openapi_test

import (
	"strings"
	"testing"

	"github.com/wolfden/wolfden/openapi"
)

func TestValidator(t *testing.T) {
	v, err := openapi.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	const json = "application/json; charset=utf-8"
	for _, tt := range []struct {
		name          string
		method, route string
		status        int
		contentType   string
		body          string
		err           string
	}{
		{"a documented answer", "GET", "/healthz", 200, json, `{"status":"ok"}`, ""},
		{"a member too many", "GET", "/healthz", 200, json, `{"status":"ok","extra":1}`, "additional"},
		{"a wrong enum", "GET", "/readyz", 200, json, `{"status":"fine"}`, "status"},
		{"an undocumented status", "GET", "/healthz", 418, json, `{}`, "418 is not documented"},
		{"a common status", "GET", "/healthz", 429, json, `{"message":"slow down","request_id":"X"}`, ""},
		{"a fault rule's 503", "GET", "/healthz", 503, json, `{"message":"injected","request_id":"X"}`, ""},
		{"an error without its id", "GET", "/version", 500, json, `{"message":"oops"}`, "request_id"},
		{"an empty body where content is due", "GET", "/version", 200, "", ``, "empty body"},
		{"an undocumented route", "GET", "/nothing", 200, json, `{}`, "not in the document"},
		{"an unrouted answer", "GET", "", 404, json, `{"message":"no","request_id":"X"}`, ""},
		{"a 501 on a known path", "POST", "/healthz", 501, json, `{"message":"no","request_id":"X"}`, ""},
		{"another media type", "GET", "/healthz", 200, "text/plain", `ok`, "answers text/plain"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := v.Response(tt.method, tt.route, tt.status, tt.contentType, []byte(tt.body))
			if (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
				t.Errorf("Response = %v; want an error with %q", err, tt.err)
			}
		})
	}
}

// The examples a mock server would answer match the schemas wolfden's
// answers are checked against.
func TestExamplesMatchSchemas(t *testing.T) {
	v, err := openapi.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	if err := v.CheckExamples(); err != nil {
		t.Error(err)
	}
}
