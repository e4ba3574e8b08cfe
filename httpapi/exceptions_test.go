package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// backupException is an exception create request: its state has no event
// filter, which an exception may leave out.
const backupException = `{ "Name": "Allow backup agent", "Description": "Backup agent spawns PowerShell nightly",
  "ObjectType": "ExceptionRule", "OperatingSystems": [ { "Name": "Windows" } ],
  "Plugin": { "Name": "OpticsDetector" }, "Product": { "Name": "CylanceOPTICS" }, "SchemaVersion": 1,
  "States": [ { "Name": "BackupProc", "Scope": "Global", "Function": "Function",
    "FieldOperators": { "Function": { "Type": "EqualsAny",
      "Operands": [ { "Source": "LiteralSet", "Data": "backupagent.exe" } ],
      "OperandType": "string", "Options": { "IgnoreCase": true } } },
    "Actions": [ { "Type": "AOI", "ItemName": "InstigatingProcess", "Position": "PostActivation" } ] } ],
  "Tags": [ "Exception" ] }`

func TestExceptions(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a, other := h.newTenant("A"), h.newTenant("B")
		tok, otherTok := h.token(a), h.token(other)

		created := h.do(http.MethodPost, "/exceptions/v2", tok, backupException).want(200).json()
		id, _ := created["Id"].(string)
		if _, err := uuid.Parse(id); err != nil || created["Version"] != 1.0 || created["ObjectType"] != "ExceptionRule" {
			t.Fatalf("create answered %v", created)
		}
		h.do(http.MethodGet, "/exceptions/v2/"+id, tok, nil).want(200)
		// The kinds never cross: an exception is no rule, a rule no exception.
		ruleID := h.do(http.MethodPost, "/rules/v2", tok, officeRule).want(200).field("Id")
		h.do(http.MethodGet, "/rules/v2/"+id, tok, nil).want(404)
		h.do(http.MethodGet, "/exceptions/v2/"+ruleID, tok, nil).want(404)
		h.do(http.MethodPost, "/rulesets/v2", tok, map[string]any{"name": "x",
			"rules": []any{map[string]any{"detection_rule_id": id}}}).want(404)

		for _, tt := range []struct{ name, from, to, field string }{
			{"object type", `"ExceptionRule"`, `"DetectionRule"`, "ObjectType"},
			{"operator", `"EqualsAny"`, `"Equal"`, "States[0].FieldOperators.Function.Type"},
			{"no name", `"Allow backup agent"`, `""`, "Name"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/exceptions/v2", tok, strings.Replace(backupException, tt.from, tt.to, 1)).want(400)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q", f, tt.field)
				}
			})
		}

		updated := h.do(http.MethodPut, "/exceptions/v2/"+id, tok, strings.Replace(backupException, "nightly", "hourly", 1)).want(200).json()
		if updated["Version"] != 2.0 || !strings.HasSuffix(typed.As[string](t, updated["Description"]), "hourly") {
			t.Errorf("update answered %v", updated)
		}
		h.do(http.MethodPut, "/exceptions/v2/"+id, otherTok, backupException).want(404)
		h.do(http.MethodPost, "/exceptions/v2/"+id+"/deactivate", otherTok, nil).want(404)
		h.do(http.MethodPost, "/exceptions/v2/"+id+"/deactivate", tok, nil).want(200)
		h.do(http.MethodPut, "/exceptions/v2/"+id, tok, backupException).want(400)

		// The list keeps deactivated exceptions, marked.
		list := h.do(http.MethodGet, "/exceptions/v2", tok, nil).want(200).json()
		item := typed.As[map[string]any](t, typed.As[[]any](t, list["page_items"])[0])
		if list["total_number_of_items"] != 1.0 || item["Enabled"] != false || item["Version"] != 2.0 ||
			typed.As[map[string]any](t, typed.As[[]any](t, item["OperatingSystems"])[0])["Name"] != "Windows" {
			t.Errorf("list %v", list)
		}
		rows, err := csv.NewReader(strings.NewReader(string(h.do(http.MethodGet, "/exceptions/v2/csv", tok, nil).want(200).body))).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][0] != "Id" || rows[1][0] != id || rows[1][6] != "false" {
			t.Errorf("CSV %v, %v", rows, err)
		}
		if n := h.do(http.MethodGet, "/exceptions/v2", otherTok, nil).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("another tenant lists %v exceptions", n)
		}
		h.wantScope(a, http.MethodPost, "/exceptions/v2", wolfden.ScopeOpticsExceptionCreate, backupException)
		h.wantScope(a, http.MethodGet, "/exceptions/v2", wolfden.ScopeOpticsExceptionList, nil)
	})
}
