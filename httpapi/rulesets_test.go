package httpapi_test

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestRuleSetsAndOpticsPolicies(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a, other := h.newTenant("A"), h.newTenant("B")
		tok, otherTok := h.token(a), h.token(other)
		ruleID := h.do(http.MethodPost, "/rules/v2", tok, officeRule).want(200).field("Id")
		idleID := h.do(http.MethodPost, "/rules/v2", tok, strings.Replace(officeRule, "Office spawning mshta", "Idle", 1)).want(200).field("Id")

		// The default set lists every active rule, disabled; posted back
		// with one rule enabled, it is a set.
		def := h.do(http.MethodGet, "/rulesets/v2/default", tok, nil).want(200).json()
		rules := typed.As[[]any](t, def["rules"])
		if _, hasID := def["id"]; hasID || len(rules) != 2 || typed.As[map[string]any](t, rules[0])["enabled"] != false {
			t.Fatalf("default %v", def)
		}
		for _, r := range rules {
			if r := typed.As[map[string]any](t, r); r["detection_rule_id"] == ruleID {
				r["enabled"] = true
			}
		}
		def["name"], def["description"] = "Finance EDR", "Rules for finance devices"
		set := h.do(http.MethodPost, "/rulesets/v2", tok, def).want(200).json()
		setID, _ := set["id"].(string)
		if _, err := uuid.Parse(setID); err != nil || set["category"] != "Custom" || len(typed.As[[]any](t, set["rules"])) != 2 ||
			typed.As[map[string]any](t, typed.As[[]any](t, set["rules"])[1])["detection_name"] != "Office spawning mshta" {
			t.Fatalf("create answered %v", set)
		}
		h.do(http.MethodPost, "/rulesets/v2", tok, map[string]any{"name": "FINANCE EDR"}).want(409)
		for _, tt := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"no name", map[string]any{"rules": []any{}}, 400, "name"},
			{"unknown rule", map[string]any{"name": "x", "rules": []any{map[string]any{"detection_rule_id": uuid.NewString()}}}, 404, "rules[0].detection_rule_id"},
			{"malformed rule id", map[string]any{"name": "x", "rules": []any{map[string]any{"detection_rule_id": "r1"}}}, 400, "rules[0].detection_rule_id"},
			{"rule twice", map[string]any{"name": "x", "rules": []any{map[string]any{"detection_rule_id": ruleID}, map[string]any{"detection_rule_id": ruleID}}}, 400, "rules[1].detection_rule_id"},
			{"responses not a list", map[string]any{"name": "x", "rules": []any{map[string]any{"detection_rule_id": ruleID, "responses": "x"}}}, 400, "rules[0].responses"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/rulesets/v2", tok, tt.body).want(tt.status)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		// Another tenant's rule is unknown here.
		h.do(http.MethodPost, "/rulesets/v2", otherTok, map[string]any{"name": "x",
			"rules": []any{map[string]any{"detection_rule_id": ruleID}}}).want(404)

		// Assign the set to a policy with a device: the counts follow.
		policyID := h.createPolicy(tok, "Finance")
		device := h.register(a, map[string]any{"host_name": "fin-01"})
		h.do(http.MethodPut, "/devices/v2/"+device, tok, map[string]any{"name": "fin-01", "policy_id": policyID}).want(200)
		assign := map[string]any{"configuration_type": "DETECTION", "configuration_id": setID, "link": []string{policyID}, "unlink": []string{}}
		h.do(http.MethodPost, "/opticsPolicies/v2/configurations", tok, assign).want(200)
		item := h.do(http.MethodGet, "/opticsPolicies/v2/configurations/"+policyID, tok, nil).want(200).json()
		if item["DETECTION"] != setID || item["device_count"] != 1.0 || len(typed.As[[]any](t, item["configurations"])) != 1 {
			t.Errorf("policy mapping %v", item)
		}
		list := h.do(http.MethodGet, "/opticspolicies/v2/configurations?page_size=10", tok, nil).want(200).json()
		if list["total_number_of_items"] != 2.0 || typed.As[map[string]any](t, typed.As[[]any](t, list["page_items"])[0])["DETECTION"] != nil {
			t.Errorf("mapping list %v", list) // Default first, without a set
		}
		got := h.do(http.MethodGet, "/rulesets/v2/"+setID, tok, nil).want(200).json()
		if got["device_count"] != 1.0 || typed.As[map[string]any](t, typed.As[[]any](t, got["policies"])[0])["name"] != "Finance" {
			t.Errorf("set %v", got)
		}
		counts := h.do(http.MethodGet, "/rules/v2/"+ruleID+"/counts", tok, nil).want(200).json()
		if counts["rule_sets"] != 1.0 || counts["devices"] != 1.0 {
			t.Errorf("counts %v", counts)
		}
		if c := h.do(http.MethodGet, "/rules/v2/"+idleID+"/counts", tok, nil).json(); c["devices"] != 0.0 {
			t.Errorf("a disabled rule counts devices: %v", c)
		}
		rulesPage := h.do(http.MethodGet, "/rules/v2?page=1&page_size=1", tok, nil).want(200).json()
		first := typed.As[map[string]any](t, typed.As[[]any](t, rulesPage["page_items"])[0])
		if rulesPage["total_number_of_items"] != 2.0 || first["Name"] != "Idle" || typed.As[map[string]any](t, typed.As[[]any](t, first["OperatingSystems"])[0])["name"] != "Windows" {
			t.Errorf("rules page %v", rulesPage)
		}
		rows, err := csv.NewReader(strings.NewReader(string(h.do(http.MethodGet, "/rules/v2/csv", tok, nil).want(200).body))).ReadAll()
		if err != nil || len(rows) != 3 || rows[2][1] != "Office spawning mshta" || rows[2][6] != "1" {
			t.Errorf("rules CSV %v, %v", rows, err)
		}
		rows, err = csv.NewReader(strings.NewReader(string(h.do(http.MethodGet, "/rulesets/v2/csv", tok, nil).want(200).body))).ReadAll()
		if err != nil || len(rows) != 2 || rows[0][0] != "id" || rows[1][1] != "Finance EDR" || rows[1][4] != "1" {
			t.Errorf("rule sets CSV %v, %v", rows, err)
		}
		h.do(http.MethodPost, "/opticsPolicies/v2/configurations", tok, map[string]any{"configuration_type": "RESPONSE",
			"configuration_id": setID, "link": []string{policyID}}).want(400)
		h.do(http.MethodPost, "/opticsPolicies/v2/configurations", tok, map[string]any{"configuration_type": "DETECTION",
			"configuration_id": uuid.NewString(), "link": []string{policyID}}).want(404)
		h.do(http.MethodPost, "/opticsPolicies/v2/configurations", otherTok, assign).want(404)

		// Update replaces the set; a disabled rule no longer counts.
		got["rules"] = typed.As[[]any](t, got["rules"])[1:]
		typed.As[map[string]any](t, typed.As[[]any](t, got["rules"])[0])["enabled"] = false
		updated := h.do(http.MethodPut, "/rulesets/v2/"+setID, tok, got).want(200).json()
		if len(typed.As[[]any](t, updated["rules"])) != 1 || updated["policies"] == nil {
			t.Errorf("update answered %v", updated)
		}
		if c := h.do(http.MethodGet, "/rules/v2/"+ruleID+"/counts", tok, nil).json(); c["devices"] != 0.0 {
			t.Errorf("counts after disabling %v", c)
		}

		// Deleting leaves the policy without a set; bulk deletes are all or none.
		h.do(http.MethodGet, "/rulesets/v2/"+setID, otherTok, nil).want(404)
		h.do(http.MethodDelete, "/rulesets/v2", tok, map[string]any{"ids": []string{setID, uuid.NewString()}}).want(404)
		h.do(http.MethodGet, "/rulesets/v2/"+setID, tok, nil).want(200)
		h.do(http.MethodDelete, "/rulesets/v2", tok, map[string]any{"ids": []string{}}).want(400)
		h.do(http.MethodDelete, "/rulesets/v2/"+setID, tok, nil).want(200)
		h.do(http.MethodGet, "/rulesets/v2/"+setID, tok, nil).want(404)
		if item := h.do(http.MethodGet, "/opticsPolicies/v2/configurations/"+policyID, tok, nil).json(); item["DETECTION"] != nil {
			t.Errorf("a deleted set is still assigned: %v", item)
		}
		h.do(http.MethodGet, "/opticsPolicies/v2/configurations/"+uuid.NewString(), tok, nil).want(404)

		// A bulk delete of sets that all exist deletes them all.
		var bulk []string
		for _, name := range []string{"Bulk 1", "Bulk 2"} {
			bulk = append(bulk, h.do(http.MethodPost, "/rulesets/v2", tok, map[string]any{"name": name}).want(200).field("id"))
		}
		h.do(http.MethodDelete, "/rulesets/v2", tok, map[string]any{"ids": bulk}).want(200)
		for _, id := range bulk {
			h.do(http.MethodGet, "/rulesets/v2/"+id, tok, nil).want(404)
		}

		h.wantScope(a, http.MethodGet, "/rulesets/v2/default", wolfden.ScopeOpticsRuleSetRead, nil)
		h.wantScope(a, http.MethodPost, "/opticsPolicies/v2/configurations", wolfden.ScopeOpticsPolicyUpdate,
			map[string]any{"configuration_type": "DETECTION", "configuration_id": h.do(http.MethodPost, "/rulesets/v2", tok,
				map[string]any{"name": "Empty"}).want(200).field("id")})
		h.wantScope(a, http.MethodGet, "/rules/v2", wolfden.ScopeOpticsRuleList, nil)
	})
}

// The list's filters and sort, as the vendor's guide names them, and the
// CSV honouring them.
func TestRuleSetListFilters(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		limited := h.newApp(a, wolfden.AllScopes...) // its login is "limited"
		created := h.clock.Now().UTC()
		finance := h.do(http.MethodPost, "/rulesets/v2", tok, map[string]any{"name": "Finance EDR",
			"description": "Rules for FINANCE devices"}).want(200).field("id")
		h.clock.Advance(25 * time.Hour)
		tok = h.token(a)
		h.do(http.MethodPost, "/rulesets/v2", h.token(limited), map[string]any{"name": "Servers",
			"description": "Servers only"}).want(200)
		policyID := h.createPolicy(tok, "Finance")
		device := h.register(a, map[string]any{"host_name": "fin-01"})
		h.do(http.MethodPut, "/devices/v2/"+device, tok, map[string]any{"name": "fin-01", "policy_id": policyID}).want(200)
		h.do(http.MethodPost, "/opticsPolicies/v2/configurations", tok, map[string]any{"configuration_type": "DETECTION",
			"configuration_id": finance, "link": []string{policyID}}).want(200)

		list := func(t *testing.T, query string) []string {
			var names []string
			for _, it := range typed.As[[]any](t, h.sub(t).do(http.MethodGet, "/rulesets/v2?"+query, tok, nil).want(200).json()["page_items"]) {
				names = append(names, typed.As[string](t, typed.As[map[string]any](t, it)["name"]))
			}
			return names
		}
		for _, tt := range []struct {
			query string
			want  []string
		}{
			{"", []string{"Finance EDR", "Servers"}},
			{"description=finance", []string{"Finance EDR"}},
			{"description=ONLY", []string{"Servers"}},
			{"modified_by.login=LIMIT", []string{"Servers"}},
			{"modified_by.id=" + strings.ToUpper(strings.ReplaceAll(a.app.ID.String(), "-", "")), []string{"Finance EDR"}},
			{"last_modified=" + created.Format("2006-01-02T15"), []string{"Finance EDR"}},
			{"last_modified=" + strings.ToLower(created.Add(25*time.Hour).Format(time.RFC3339)), []string{"Servers"}},
			{"last_modified=" + created.Format("2006"), []string{"Finance EDR", "Servers"}},
			{"device_count=1", []string{"Finance EDR"}},
			{"device_count=0", []string{"Servers"}},
			{"description=s&device_count=0", []string{"Servers"}},
			{"sort=-name", []string{"Servers", "Finance EDR"}},
			{"sort=device_count", []string{"Servers", "Finance EDR"}},
			{"sort=-LAST_MODIFIED", []string{"Servers", "Finance EDR"}},
			{"sort=modified_by.login", []string{"Servers", "Finance EDR"}},
		} {
			t.Run(tt.query, func(t *testing.T) {
				if got := list(t, tt.query); !slices.Equal(got, tt.want) {
					t.Errorf("listed %q, want %q", got, tt.want)
				}
			})
		}
		for _, tt := range []struct{ query, field string }{
			{"sort=rules", "sort"},
			{"sort=-", "sort"},
			{"sort=%2B-name", "sort"}, // one sign: not ascending by name
			{"modified_by.id=me", "modified_by.id"},
			{"device_count=many", "device_count"},
			{"device_count=-1", "device_count"},
			{"last_modified=T21", "last_modified"},
			{"last_modified=2024-02-30", "last_modified"},
		} {
			t.Run(tt.query, func(t *testing.T) {
				res := h.sub(t).do(http.MethodGet, "/rulesets/v2?"+tt.query, tok, nil).want(400)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		rows, err := csv.NewReader(strings.NewReader(string(h.do(http.MethodGet, "/rulesets/v2/csv?device_count=0", tok, nil).
			want(200).body))).ReadAll()
		if err != nil || len(rows) != 2 || rows[1][1] != "Servers" {
			t.Errorf("filtered CSV %v, %v", rows, err)
		}
		h.do(http.MethodGet, "/rulesets/v2/csv?sort=rules", tok, nil).want(400)
	})
}
