package httpapi_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// officeRule is a detection rule create request.
const officeRule = `{ "Name": "Office spawning mshta", "Description": "Office application launches mshta.exe",
  "Severity": "Medium", "ObjectType": "DetectionRule",
  "OperatingSystems": [ { "Name": "Windows" } ], "Plugin": { "Name": "OpticsDetector" },
  "Product": { "Name": "CylanceOPTICS" }, "SchemaVersion": 1,
  "States": [ { "Name": "SuspiciousChild", "Scope": "Global", "Function": "Function",
    "FieldOperators": { "Function": { "Type": "EqualsAny",
      "Operands": [ { "Source": "LiteralSet", "Data": "mshta.exe" } ],
      "OperandType": "string", "Options": { "IgnoreCase": true } } },
    "Actions": [ { "Type": "AOI", "ItemName": "InstigatingProcess", "Position": "PostActivation" } ],
    "Filters": [ { "Type": "Event", "Data": { "Category": "Process", "SubCategory": "", "Type": "*" } } ] } ],
  "Tags": [ "Custom" ] }`

func TestRules(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a, other := h.newTenant("A"), h.newTenant("B")
		tok, otherTok := h.token(a), h.token(other)

		created := h.do(http.MethodPost, "/rules/v2", tok, strings.Replace(officeRule, `"Name": "Office`, `"Id": "`+uuid.NewString()+`", "Name": "Office`, 1)).want(200).json()
		id, _ := created["Id"].(string)
		if _, err := uuid.Parse(id); err != nil || created["Version"] != 1.0 || created["RuleSource"] != "Custom" ||
			created["Name"] != "Office spawning mshta" || len(typed.As[[]any](t, created["States"])) != 1 {
			t.Fatalf("create answered %v", created)
		}
		got := h.do(http.MethodGet, "/rules/v2/"+strings.ToUpper(strings.ReplaceAll(id, "-", "")), tok, nil).want(200).json()
		if got["Id"] != id || typed.As[map[string]any](t, got["Plugin"])["Name"] != "OpticsDetector" {
			t.Errorf("get %v", got)
		}
		if res := h.do(http.MethodGet, "/rules/v2/"+id+"/natlang", tok, nil).want(200); !strings.Contains(string(res.body), "equals any of (mshta.exe, ignoring case)") {
			t.Errorf("natlang %s", res.body)
		}

		// Validation answers where a document is wrong, and stores nothing.
		h.do(http.MethodPost, "/rules/v2/validate", tok, officeRule).want(200)
		bad := strings.Replace(officeRule, `"EqualsAny"`, `"EqualsAnyy"`, 1)
		for _, path := range []string{"/rules/v2/validate", "/rules/v2"} {
			res := h.do(http.MethodPost, path, tok, bad).want(400)
			if f := res.field("field"); f != "States[0].FieldOperators.Function.Type" || !strings.Contains(res.field("message"), "EqualsAnyy") {
				t.Errorf("%s: %s", path, res.body)
			}
		}
		h.do(http.MethodPost, "/rules/v2", tok, `{"Name": "x", "States": 3}`).want(400)

		// Update is the next version; a refused update changes nothing.
		updated := h.do(http.MethodPut, "/rules/v2/"+id, tok, strings.Replace(officeRule, "Medium", "High", 1)).want(200).json()
		if updated["Version"] != 2.0 || updated["Severity"] != "High" || updated["Id"] != id {
			t.Errorf("update answered %v", updated)
		}
		h.do(http.MethodPut, "/rules/v2/"+id, tok, bad).want(400)
		h.do(http.MethodPut, "/rules/v2/"+id, tok, strings.Replace(officeRule, `"Name": "Office`, `"Id": "`+uuid.NewString()+`", "Name": "Office`, 1)).want(400)
		if got := h.do(http.MethodGet, "/rules/v2/"+id, tok, nil).json(); got["Version"] != 2.0 || got["Severity"] != "High" {
			t.Errorf("after refused updates: %v", got)
		}

		// Another tenant reaches none of it.
		h.do(http.MethodGet, "/rules/v2/"+id, otherTok, nil).want(404)
		h.do(http.MethodPut, "/rules/v2/"+id, otherTok, officeRule).want(404)
		h.do(http.MethodPost, "/rules/v2/"+id+"/deactivate", otherTok, nil).want(404)

		h.wantScope(a, http.MethodPost, "/rules/v2", wolfden.ScopeOpticsRuleCreate, officeRule)
		h.wantScope(a, http.MethodPut, "/rules/v2/"+id, wolfden.ScopeOpticsRuleUpdate, officeRule)
		// Reading takes opticsrule:read or the guide's opticsdetect:read.
		for _, scope := range []wolfden.Scope{wolfden.ScopeOpticsRuleRead, wolfden.ScopeOpticsDetectRead} {
			h.do(http.MethodGet, "/rules/v2/"+id, h.token(h.newApp(a, scope)), nil).want(200)
		}
		h.do(http.MethodGet, "/rules/v2/"+id, h.token(h.newApp(a, wolfden.ScopeOpticsRuleCreate)), nil).want(403)

		// Deactivation is a soft delete: readable, no longer changeable.
		h.do(http.MethodPost, "/rules/v2/"+id+"/deactivate", tok, nil).want(200)
		h.do(http.MethodPost, "/rules/v2/"+id+"/deactivate", tok, nil).want(200)
		h.do(http.MethodGet, "/rules/v2/"+id, tok, nil).want(200)
		h.do(http.MethodPut, "/rules/v2/"+id, tok, officeRule).want(400)
		h.do(http.MethodGet, "/rules/v2/"+uuid.NewString(), tok, nil).want(404)
		h.do(http.MethodGet, "/rules/v2/not-a-rule", tok, nil).want(404)

	})
}
