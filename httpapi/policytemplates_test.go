package httpapi_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

func TestPolicyTemplates(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		partner, app := h.newPartner("Acme MSP")
		_, otherApp := h.newPartner("Other MSP")
		tok, otherTok := h.partnerToken(app), h.partnerToken(otherApp)
		doc := map[string]any{"policy": []any{map[string]any{"name": "auto_blocking", "value": "1"}},
			"device_control": nil}

		created := h.do(http.MethodPost, "/public/v2/us/policy-templates", tok, map[string]any{
			"name": "Servers baseline", "partnerId": partner.ID.String(), "modelDetails": doc}).want(200).json()
		id, _ := created["policyTemplateId"].(string)
		model := typed.As[map[string]any](t, created["modelDetails"])
		if _, err := uuid.Parse(id); err != nil || created["name"] != "Servers baseline" ||
			model["policy_name"] != "Servers baseline" || settingValue(t, model, "auto_blocking") != "1" ||
			settingValue(t, model, "days_until_deleted") != "14" || model["device_control"] == nil {
			t.Fatalf("create answered %v", created)
		}
		got := h.do(http.MethodGet, "/public/us/policy-templates/"+id, tok, nil).want(200).json()
		if got["policyTemplateId"] != id || got["partnerId"] != partner.ID.String() ||
			typed.As[map[string]any](t, got["modelDetails"])["policy_id"] != id {
			t.Errorf("get %v", got)
		}
		list := h.do(http.MethodGet, "/public/v2/us/policy-templates/list", tok, nil).want(200).json()
		if list["totalCount"] != 1.0 {
			t.Errorf("list %v", list)
		}

		// Validation is the tenant policies API's, under modelDetails.
		for _, tt := range []struct {
			name  string
			body  map[string]any
			field string
		}{
			{"bad setting", map[string]any{"name": "x", "modelDetails": map[string]any{"policy": []any{
				map[string]any{"name": "optics", "value": "9"}}}}, "modelDetails.policy[0].value"},
			{"no name", map[string]any{"modelDetails": map[string]any{}}, "name"},
			{"no document", map[string]any{"name": "x"}, "modelDetails"},
			{"another partner", map[string]any{"name": "x", "partnerId": uuid.NewString(), "modelDetails": map[string]any{}}, "partnerId"},
			{"another partner's application", map[string]any{"name": "x", "partnerId": otherApp.ID.String(), "modelDetails": map[string]any{}}, "partnerId"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/public/v2/us/policy-templates", tok, tt.body).want(400)
				if f := res.json()["field"]; f != tt.field {
					t.Errorf("field %v, want %s", f, tt.field)
				}
			})
		}
		h.do(http.MethodPost, "/public/v2/us/policy-templates", tok, map[string]any{"name": "SERVERS BASELINE", "modelDetails": map[string]any{}}).want(409)
		// Names are per partner.
		h.do(http.MethodPost, "/public/v2/us/policy-templates", otherTok, map[string]any{"name": "Servers baseline", "modelDetails": map[string]any{}}).want(200)

		// python-cyapi sends its application id as partnerId.
		updated := h.do(http.MethodPut, "/public/v2/us/policy-templates/"+id, tok, map[string]any{"name": "Servers v2",
			"policyTemplateId": id, "partnerId": app.ID.String(), "modelDetails": map[string]any{"policy_name": "Servers v2",
				"policy": []any{map[string]any{"name": "optics", "value": "1"}}}}).want(200).json()
		if m := typed.As[map[string]any](t, updated["modelDetails"]); updated["name"] != "Servers v2" || settingValue(t, m, "optics") != "1" ||
			settingValue(t, m, "auto_blocking") != "0" {
			t.Errorf("update answered %v", updated)
		}
		h.do(http.MethodPut, "/public/v2/us/policy-templates/"+id, tok, map[string]any{"name": "x",
			"policyTemplateId": uuid.NewString(), "modelDetails": map[string]any{}}).want(400)

		// python-cyapi's update_policy_template after enable_aqt: numbers
		// in, the vendor's strings back; a setting wolfden does not know
		// comes back as it went.
		model = typed.As[map[string]any](t, h.do(http.MethodGet, "/public/v2/us/policy-templates/"+id, tok, nil).want(200).json()["modelDetails"])
		for _, s := range typed.As[[]any](t, model["policy"]) {
			if s := typed.As[map[string]any](t, s); s["name"] == "auto_blocking" {
				s["value"] = 1
			}
		}
		model["policy"] = append(typed.As[[]any](t, model["policy"]), map[string]any{"name": "console_setting", "value": 7})
		for _, list := range []string{"suspicious_files", "threat_files"} {
			for _, e := range typed.As[[]any](t, typed.As[map[string]any](t, model["filetype_actions"])[list]) {
				typed.As[map[string]any](t, e)["actions"] = 3
			}
		}
		model["name"], model["checksum"], model["policy_utctimestamp"] = "Servers v2", "", ""
		answered := h.do(http.MethodPut, "/public/v2/us/policy-templates/"+id, tok, map[string]any{"modelDetails": model,
			"name": "Servers v2", "partnerId": app.ID.String(), "policyTemplateId": id}).want(200).json()
		read := h.do(http.MethodGet, "/public/v2/us/policy-templates/"+id, tok, nil).want(200).json()
		for _, res := range []map[string]any{answered, read} {
			m := typed.As[map[string]any](t, res["modelDetails"])
			if settingValue(t, m, "auto_blocking") != "1" || settingValue(t, m, "console_setting") != 7.0 ||
				typed.As[map[string]any](t, typed.As[[]any](t, typed.As[map[string]any](t, m["filetype_actions"])["threat_files"])[0])["actions"] != "3" {
				t.Errorf("template after enable_aqt: auto_blocking %#v, console_setting %#v, filetype_actions %v",
					settingValue(t, m, "auto_blocking"), settingValue(t, m, "console_setting"), m["filetype_actions"])
			}
		}

		// Another partner reaches none of it.
		h.do(http.MethodGet, "/public/v2/us/policy-templates/"+id, otherTok, nil).want(404)
		h.do(http.MethodPut, "/public/v2/us/policy-templates/"+id, otherTok, map[string]any{"name": "mine", "modelDetails": map[string]any{}}).want(404)
		h.do(http.MethodDelete, "/public/v2/us/policy-templates/"+id, otherTok, nil).want(404)

		h.do(http.MethodDelete, "/public/v2/us/policy-templates/"+id, tok, nil).want(200)
		h.do(http.MethodGet, "/public/v2/us/policy-templates/"+id, tok, nil).want(404)
		h.do(http.MethodGet, "/public/v2/us/policy-templates/not-an-id", tok, nil).want(404)
		h.do(http.MethodGet, "/public/v2/us/policy-templates/list", h.token(h.newTenant("A")), nil).want(401)
	})
}

func TestApplyPolicyTemplate(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		_, app := h.newPartner("Acme MSP")
		_, otherApp := h.newPartner("Other MSP")
		tok, otherTok := h.partnerToken(app), h.partnerToken(otherApp)
		const apply = "/public/v2/us/tenants/apply-policy"
		tenant := func(tok, name string) (id, tenantTok string) {
			id, _ = h.do(http.MethodPost, "/public/v2/us/tenants/provision", tok, provision(name)).want(200).json()["venueTenantId"].(string)
			if err := json.Unmarshal(h.do(http.MethodPut, "/public/v2/us/tenants/tenant-app/"+id, tok, nil).want(200).body, &tenantTok); err != nil {
				t.Fatal(err)
			}
			return id, tenantTok
		}
		withPolicy, withTok := tenant(tok, "With the policy")
		without, withoutTok := tenant(tok, "Without it")
		others, _ := tenant(otherTok, "Another partner's")
		existing := h.createPolicy(withTok, "servers BASELINE")

		templateID := h.do(http.MethodPost, "/public/v2/us/policy-templates", tok, map[string]any{"name": "Servers baseline",
			"modelDetails": map[string]any{"policy": []any{map[string]any{"name": "auto_blocking", "value": "1"}}}}).
			want(200).field("policyTemplateId")
		otherTemplate := h.do(http.MethodPost, "/public/v2/us/policy-templates", otherTok, map[string]any{"name": "Theirs",
			"modelDetails": map[string]any{}}).want(200).field("policyTemplateId")

		unknown := uuid.NewString()
		res := h.do(http.MethodPost, apply, tok, map[string]any{"policyTemplateId": templateID,
			"venueTenantIds": []string{withPolicy, without, others, unknown, strings.ToUpper(withPolicy)}}).want(200).json()
		items := typed.As[[]any](t, res["listData"])
		if res["policyTemplateId"] != templateID || res["totalCount"] != 4.0 || len(items) != 4 {
			t.Fatalf("apply answered %v", res)
		}
		for i, want := range []struct {
			tenant, action string
			status         float64
		}{{withPolicy, "Updated", 200}, {without, "Created", 200}, {others, "", 404}, {unknown, "", 404}} {
			got := typed.As[map[string]any](t, items[i])
			if got["venueTenantId"] != want.tenant || got["status"] != want.status || got["succeeded"] != (want.status == 200) ||
				(want.action != "" && got["action"] != want.action) {
				t.Errorf("result %d = %v, want %+v", i, got, want)
			}
		}
		if got := typed.As[map[string]any](t, items[0])["policyId"]; got != existing {
			t.Errorf("the tenant's own policy of that name was not the one replaced: %v, want %s", got, existing)
		}
		replaced := h.do(http.MethodGet, "/policies/v2/"+existing, withTok, nil).want(200).json()
		if replaced["policy_name"] != "Servers baseline" || settingValue(t, replaced, "auto_blocking") != "1" {
			t.Errorf("replaced policy %v %v", replaced["policy_name"], settingValue(t, replaced, "auto_blocking"))
		}
		created := h.do(http.MethodGet, "/policies/v2/"+typed.As[string](t, typed.As[map[string]any](t, items[1])["policyId"]), withoutTok, nil).want(200).json()
		if created["policy_name"] != "Servers baseline" || settingValue(t, created, "auto_blocking") != "1" {
			t.Errorf("created policy %v", created["policy_name"])
		}
		// Applying again replaces, and never duplicates.
		again := typed.As[map[string]any](t, typed.As[[]any](t, h.do(http.MethodPost, apply, tok, map[string]any{"policyTemplateId": templateID,
			"venueTenantIds": []string{without}}).want(200).json()["listData"])[0])
		if again["action"] != "Updated" || again["policyId"] != typed.As[map[string]any](t, items[1])["policyId"] {
			t.Errorf("second apply %v", again)
		}

		// A template the tenant's policy refuses fails for that tenant alone,
		// and changes nothing there.
		renaming := h.do(http.MethodPost, "/public/v2/us/policy-templates", tok, map[string]any{"name": "lower default",
			"modelDetails": map[string]any{"policy_name": "default"}}).want(200).field("policyTemplateId")
		failed := typed.As[map[string]any](t, typed.As[[]any](t, h.do(http.MethodPost, apply, tok, map[string]any{"policyTemplateId": renaming,
			"venueTenantIds": []string{without}}).want(200).json()["listData"])[0])
		if failed["succeeded"] != false || failed["status"] != 400.0 || failed["field"] != "policy_name" || failed["policyId"] != nil {
			t.Errorf("refused apply %v", failed)
		}
		if got := h.do(http.MethodGet, "/policies/v2/"+defaultPolicy, withoutTok, nil).json()["policy_name"]; got != "Default" {
			t.Errorf("Default policy renamed to %v", got)
		}

		fifty := make([]string, 51)
		for i := range fifty {
			fifty[i] = uuid.NewString()
		}
		for _, tt := range []struct {
			name   string
			body   map[string]any
			status int
			field  string
		}{
			{"no template", map[string]any{"venueTenantIds": []string{without}}, 400, "policyTemplateId"},
			{"malformed template", map[string]any{"policyTemplateId": "x", "venueTenantIds": []string{without}}, 400, "policyTemplateId"},
			{"no tenants", map[string]any{"policyTemplateId": templateID}, 400, "venueTenantIds"},
			{"51 tenants", map[string]any{"policyTemplateId": templateID, "venueTenantIds": fifty}, 400, "venueTenantIds"},
			{"malformed tenant", map[string]any{"policyTemplateId": templateID, "venueTenantIds": []string{without, "x"}}, 400, "venueTenantIds[1]"},
			{"unknown template", map[string]any{"policyTemplateId": uuid.NewString(), "venueTenantIds": []string{without}}, 404, ""},
			{"another partner's template", map[string]any{"policyTemplateId": otherTemplate, "venueTenantIds": []string{without}}, 404, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, apply, tok, tt.body).want(tt.status)
				if f, _ := res.json()["field"].(string); f != tt.field {
					t.Errorf("field %q, want %q", f, tt.field)
				}
			})
		}
		h.do(http.MethodPost, apply, withTok, map[string]any{"policyTemplateId": templateID, "venueTenantIds": []string{without}}).want(401)
	})
}
