package openapi_test

import (
	"net/http"
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
		fault         bool
		err           string
	}{
		{"a documented answer", "GET", "/healthz", 200, json, `{"status":"ok"}`, false, ""},
		{"a member too many", "GET", "/healthz", 200, json, `{"status":"ok","extra":1}`, false, "additional"},
		{"a wrong enum", "GET", "/readyz", 200, json, `{"status":"fine"}`, false, "status"},
		{"an undocumented status", "GET", "/healthz", 418, json, `{}`, false, "418 is not documented"},
		{"a common status", "GET", "/healthz", 429, json, `{"message":"slow down","request_id":"X"}`, false, ""},
		{"a fault rule's 503", "GET", "/healthz", 503, json, `{"message":"injected","request_id":"X"}`, true, ""},
		{"a fault rule's 403", "GET", "/healthz", 403, json, `{"message":"injected","request_id":"X"}`, true, ""},
		{"a fault rule's bad body", "GET", "/healthz", 503, json, `{"message":"injected"}`, true, "request_id"},
		{"a 503 of no fault rule", "GET", "/healthz", 503, json, `{"message":"down","request_id":"X"}`, false, "503 is not documented"},
		{"an error without its id", "GET", "/version", 500, json, `{"message":"oops"}`, false, "request_id"},
		{"an empty body where content is due", "GET", "/version", 200, "", ``, false, "empty body"},
		{"an undocumented route", "GET", "/nothing", 200, json, `{}`, false, "not in the document"},
		{"an unrouted answer", "GET", "", 404, json, `{"message":"no","request_id":"X"}`, false, ""},
		{"a 501 on a known path", "POST", "/healthz", 501, json, `{"message":"no","request_id":"X"}`, false, ""},
		{"another media type", "GET", "/healthz", 200, "text/plain", `ok`, false, "answers text/plain"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			header := http.Header{"Content-Type": {tt.contentType}}
			if tt.fault {
				header.Set(openapi.FaultHeader, "f-1")
			}
			err := v.Response(tt.method, tt.route, tt.status, header, []byte(tt.body))
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
