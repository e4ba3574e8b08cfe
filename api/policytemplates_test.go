package api_test

import (
	"net/http"
	"testing"

	"github.com/google/uuid"
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
		model := created["modelDetails"].(map[string]any)
		if _, err := uuid.Parse(id); err != nil || created["name"] != "Servers baseline" ||
			model["policy_name"] != "Servers baseline" || settingValue(model, "auto_blocking") != "1" ||
			settingValue(model, "days_until_deleted") != "14" || model["device_control"] == nil {
			t.Fatalf("create answered %v", created)
		}
		got := h.do(http.MethodGet, "/public/us/policy-templates/"+id, tok, nil).want(200).json()
		if got["policyTemplateId"] != id || got["partnerId"] != partner.ID.String() {
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
		if m := updated["modelDetails"].(map[string]any); updated["name"] != "Servers v2" || settingValue(m, "optics") != "1" ||
			settingValue(m, "auto_blocking") != "0" {
			t.Errorf("update answered %v", updated)
		}
		h.do(http.MethodPut, "/public/v2/us/policy-templates/"+id, tok, map[string]any{"name": "x",
			"policyTemplateId": uuid.NewString(), "modelDetails": map[string]any{}}).want(400)

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
