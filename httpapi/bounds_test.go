package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/partner"
	"github.com/wolfden/wolfden/policy"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// repeat is a list of n copies of v.
func repeat(n int, v any) []any {
	list := make([]any, n)
	for i := range list {
		list[i] = v
	}
	return list
}

// numbered is a list of n values made by f from 0 to n-1.
func numbered(n int, f func(i int) any) []any {
	list := make([]any, n)
	for i := range list {
		list[i] = f(i)
	}
	return list
}

// jsonObject parses a JSON object, failing the test on error.
func jsonObject(t *testing.T, s string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// Every array of a request document is bounded: one entry over the bound
// is a 400 naming the array, and nothing is stored.
func TestRequestArraysAreBounded(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		_, partnerApp := h.newPartner("Acme MSP")
		partnerTok := h.partnerToken(partnerApp)
		device := h.register(a, map[string]any{"host_name": "fin-01", "os_version": "Microsoft Windows 11 Pro"})
		ruleID := h.do(http.MethodPost, "/rules/v2", tok, officeRule).want(200).field("Id")
		path := `C:\Tools\`
		allClasses := numbered(7, func(i int) any {
			return map[string]any{"device_class": []string{"AndroidUSB", "iOS", "StillImage", "USBCDDVDRW", "USBDrive",
				"VMWareMount", "WPD"}[i], "control_mode": "FullAccess"}
		})
		policyWith := func(section string, value any) map[string]any {
			return map[string]any{"user_id": uuid.NewString(), "policy": map[string]any{"policy_name": "Big", section: value}}
		}
		rule := func(change func(doc map[string]any)) map[string]any {
			doc := jsonObject(t, officeRule)
			doc["Name"] = "Big"
			change(doc)
			return doc
		}
		state := func(doc map[string]any) map[string]any {
			return typed.As[map[string]any](t, typed.As[[]any](t, doc["States"])[0])
		}
		ruleSet := func(entry map[string]any) map[string]any {
			entry["detection_rule_id"] = ruleID
			return map[string]any{"name": "Big", "rules": []any{entry}}
		}
		execution := func(runs []any) map[string]any {
			return map[string]any{"execution": map[string]any{"name": "Big", "target": map[string]any{"devices": []string{device}},
				"packageExecutions": runs}}
		}
		run := map[string]any{"package": uuid.NewString(), "arguments": []string{}}
		instaQuery := func(member string, value any) map[string]any {
			q := map[string]any{"name": "Big", "artifact": "File", "match_value_type": "File.Path", "match_values": []string{"x.exe"},
				"zones": []string{uuid.NewString()}}
			q[member] = value
			return q
		}
		pkg := packageBody("Big", []byte("print(1)"))
		typed.As[map[string]any](t, pkg["packageDescriptor"])["examples"] = repeat(agentsim.MaxPackageExamples+1,
			map[string]any{"description": "x", "invocationString": "-x"})
		provisionWith := func(member string, value any) map[string]any {
			p := provision("Big")
			p[member] = value
			return p
		}
		zone := map[string]any{"id": uuid.NewString(), "role_type": zoneRoleMgr}
		control := "/control/v1/tenants/" + a.id.String() + "/devices"

		for _, tt := range []struct {
			name, method, path, token string
			body                      any
			field                     string
		}{
			{"policy settings", "POST", "/policies/v2", tok,
				policyWith("policy", numbered(policy.MaxPolicyListLength+1, func(i int) any { return map[string]any{"name": fmt.Sprint("s", i), "value": "1"} })),
				"policy.policy"},
			{"scan exception list", "POST", "/policies/v2", tok,
				policyWith("policy", []any{map[string]any{"name": "scan_exception_list", "value": repeat(policy.MaxPolicyListLength+1, path)}}),
				"policy.policy[0].value"},
			{"file exclusions", "POST", "/policies/v2", tok,
				policyWith("file_exclusions", repeat(policy.MaxPolicyFileExclusions+1, map[string]any{"file_hash": "x"})), "policy.file_exclusions"},
			{"memory exclusions", "POST", "/policies/v2", tok,
				policyWith("memoryviolation_actions", map[string]any{"memory_exclusion_list": repeat(policy.MaxPolicyListLength+1, path)}),
				"policy.memoryviolation_actions.memory_exclusion_list"},
			{"memory exclusions v2", "POST", "/policies/v2", tok,
				policyWith("memoryviolation_actions", map[string]any{"memory_exclusion_list_v2": repeat(policy.MaxPolicyListLength+1,
					map[string]any{"path": path, "violations": []any{}})}),
				"policy.memoryviolation_actions.memory_exclusion_list_v2"},
			{"script folders", "POST", "/policies/v2", tok,
				policyWith("script_control", map[string]any{"global_settings": map[string]any{"control_mode": "Alert",
					"allowed_folders": repeat(policy.MaxPolicyListLength+1, path)}}),
				"policy.script_control.global_settings.allowed_folders"},
			{"script exclusions", "POST", "/policies/v2", tok,
				policyWith("script_control_v2", map[string]any{"exclusion_list": repeat(policy.MaxPolicyListLength+1, map[string]any{"path": path, "type": ""})}),
				"policy.script_control_v2.exclusion_list"},
			{"device exclusions", "POST", "/policies/v2", tok,
				policyWith("device_control", map[string]any{"configurations": allClasses,
					"exclusion_list": repeat(policy.MaxPolicyListLength+1, map[string]any{"vendor_id": "0781"})}),
				"policy.device_control.exclusion_list"},
			{"application folders", "POST", "/policies/v2", tok,
				policyWith("appcontrol", map[string]any{"allowed_folders": repeat(policy.MaxPolicyListLength+1, path)}), "policy.appcontrol.allowed_folders"},
			{"persona users", "POST", "/policies/v2", tok,
				policyWith("persona", map[string]any{"admin_whitelist": repeat(policy.MaxPolicyListLength+1, map[string]any{"username": "u"})}),
				"policy.persona.admin_whitelist"},
			{"persona actions", "POST", "/policies/v2", tok,
				policyWith("persona", map[string]any{"mitigation_actions": repeat(policy.MaxPolicyListLength+1,
					map[string]any{"id": "1", "threshold": "80", "action": "prompt2fa", "method": "duo"})}),
				"policy.persona.mitigation_actions"},
			{"policy deletion", "DELETE", "/policies/v2", tok,
				map[string]any{"tenant_policy_ids": repeat(policy.MaxPoliciesPerDelete+1, uuid.NewString())}, "tenant_policy_ids"},
			{"template settings", "POST", "/public/v2/us/policy-templates", partnerTok,
				map[string]any{"name": "Big", "modelDetails": map[string]any{"policy": numbered(policy.MaxPolicyListLength+1,
					func(i int) any { return map[string]any{"name": fmt.Sprint("s", i), "value": "1"} })}},
				"modelDetails.policy"},
			// The example: 50,000 operating systems.
			{"rule systems", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) { doc["OperatingSystems"] = repeat(50000, map[string]any{"Name": "Windows"}) }), "OperatingSystems"},
			{"rule states", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) { doc["States"] = repeat(optics.MaxRuleListLength+1, state(doc)) }), "States"},
			{"rule tags", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) { doc["Tags"] = repeat(optics.MaxRuleListLength+1, "t") }), "Tags"},
			{"rule paths", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) { doc["Paths"] = repeat(optics.MaxRuleListLength+1, map[string]any{}) }), "Paths"},
			{"rule actions", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) {
					state(doc)["Actions"] = repeat(optics.MaxRuleListLength+1, map[string]any{"Type": "AOI"})
				}),
				"States[0].Actions"},
			{"rule filters", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) {
					state(doc)["Filters"] = repeat(optics.MaxRuleListLength+1, typed.As[[]any](t, state(doc)["Filters"])[0])
				}), "States[0].Filters"},
			{"rule field operators", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) {
					ops := map[string]any{}
					for i := range optics.MaxRuleListLength + 1 {
						ops[fmt.Sprint("F", i)] = map[string]any{"Type": "Exists"}
					}
					state(doc)["FieldOperators"] = ops
				}), "States[0].FieldOperators"},
			{"rule operands", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) {
					state(doc)["FieldOperators"] = map[string]any{"Function": map[string]any{"Type": "EqualsAny",
						"Operands": repeat(optics.MaxRuleListLength+1, map[string]any{"Source": "Literal", "Data": "x"})}}
				}), "States[0].FieldOperators.Function.Operands"},
			{"rule operand values", "POST", "/rules/v2", tok,
				rule(func(doc map[string]any) {
					state(doc)["FieldOperators"] = map[string]any{"Function": map[string]any{"Type": "EqualsAny",
						"Operands": []any{map[string]any{"Source": "LiteralSet", "Data": repeat(optics.MaxRuleOperandValues+1, "x.exe")}}}}
				}), "States[0].FieldOperators.Function.Operands[0].Data"},
			{"exception tags", "POST", "/exceptions/v2", tok,
				rule(func(doc map[string]any) {
					doc["ObjectType"], doc["Tags"] = "ExceptionRule", repeat(optics.MaxRuleListLength+1, "t")
				}), "Tags"},
			{"rule set rules", "POST", "/rulesets/v2", tok,
				map[string]any{"name": "Big", "rules": numbered(optics.MaxRuleSetRules+1,
					func(int) any { return map[string]any{"detection_rule_id": uuid.NewString()} })}, "rules"},
			{"rule set playbooks", "POST", "/rulesets/v2", tok,
				ruleSet(map[string]any{"playbooks": repeat(optics.MaxRuleSetRuleLists+1, "p")}), "rules[0].playbooks"},
			{"rule set responses", "POST", "/rulesets/v2", tok,
				ruleSet(map[string]any{"responses": repeat(optics.MaxRuleSetRuleLists+1, map[string]any{})}), "rules[0].responses"},
			{"rule set exceptions", "POST", "/rulesets/v2", tok,
				ruleSet(map[string]any{"exceptions": repeat(optics.MaxRuleSetRuleLists+1, map[string]any{})}), "rules[0].exceptions"},
			{"device zones added", "PUT", "/devices/v2/" + device, tok,
				map[string]any{"add_zone_ids": repeat(wolfden.MaxDeviceZones+1, uuid.NewString())}, "add_zone_ids"},
			{"device zones removed", "PUT", "/devices/v2/" + device, tok,
				map[string]any{"remove_zone_ids": repeat(wolfden.MaxDeviceZones+1, uuid.NewString())}, "remove_zone_ids"},
			{"registration addresses", "POST", control, adminToken,
				map[string]any{"host_name": "big", "ip_addresses": repeat(wolfden.MaxDeviceAddresses+1, "10.0.0.1")}, "ip_addresses"},
			{"registration MACs", "POST", control, adminToken,
				map[string]any{"host_name": "big", "mac_addresses": repeat(wolfden.MaxDeviceAddresses+1, "00-1A-2B-3C-4D-5E")}, "mac_addresses"},
			{"registration zones", "POST", control, adminToken,
				map[string]any{"host_name": "big", "zones": repeat(wolfden.MaxDeviceZones+1, uuid.NewString())}, "zones"},
			{"detection event", "POST", control + "/" + device + "/detections", adminToken,
				map[string]any{"rule_id": ruleID, "event": func() map[string]string {
					e := map[string]string{"Function": "mshta.exe"} // an event the rule matches
					for i := range optics.MaxEventFields {
						e[fmt.Sprint("F", i)] = "x"
					}
					return e
				}()}, "event"},
			{"user zones", "POST", "/users/v2", tok,
				map[string]any{"email": "big@example.org", "user_role": roleUser, "zones": repeat(wolfden.MaxUserZones+1, zone)}, "zones"},
			{"query values", "POST", "/instaqueries/v2", tok,
				instaQuery("match_values", repeat(agentsim.MaxInstaQueryTerms+1, "x.exe")), "match_values"},
			{"query zones", "POST", "/instaqueries/v2", tok,
				instaQuery("zones", repeat(agentsim.MaxInstaQueryTerms+1, uuid.NewString())), "zones"},
			{"query filters", "POST", "/instaqueries/v2", tok,
				instaQuery("filters", repeat(agentsim.MaxInstaQueryTerms+1, map[string]any{"aspect": "OS", "value": "Windows"})), "filters"},
			{"query relations", "POST", "/instaqueries/v2", tok,
				instaQuery("relations", repeat(agentsim.MaxInstaQueryTerms+1, map[string]any{"object": "x", "relationship": "y"})), "relations"},
			{"package examples", "POST", "/packages/v2", tok, pkg, "packageDescriptor.examples"},
			{"execution runs", "POST", "/packages/v2/executions", tok,
				execution(repeat(agentsim.MaxExecutionRuns+1, run)), "execution.packageExecutions"},
			{"execution arguments", "POST", "/packages/v2/executions", tok,
				execution([]any{map[string]any{"package": uuid.NewString(), "arguments": repeat(agentsim.MaxRunArguments+1, "-x")}}),
				"execution.packageExecutions[0].arguments"},
			{"tenant phones", "POST", "/public/v2/us/tenants/provision", partnerTok,
				provisionWith("Phones", repeat(partner.MaxTenantPhones+1, "+1 555 0100")), "phones"},
			{"tenant features", "POST", "/public/v2/us/tenants/provision", partnerTok,
				provisionWith("FeatureIds", repeat(partner.MaxTenantFeatures+1, 12)), "featureIds"},
			{"partner user roles", "POST", "/public/v2/us/users", partnerTok,
				map[string]any{"email": "big@example.org", "roleName": repeat(partner.MaxPartnerUserRoles+1, "Partner Administrator")}, "roleName"},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(tt.method, tt.path, tt.token, tt.body).want(400)
				if f := res.field("field"); f != tt.field {
					t.Errorf("field %q, want %q: %.300s", f, tt.field, res.body)
				}
			})
		}

		// Nothing refused was stored.
		for _, list := range []struct {
			path  string
			token string
			want  float64
		}{
			{"/policies/v2", tok, 1}, {"/rules/v2", tok, 1}, {"/exceptions/v2", tok, 0}, {"/rulesets/v2", tok, 0},
			{"/users/v2", tok, 0}, {"/instaqueries/v2", tok, 0}, {"/packages/v2", tok, 0}, {"/packages/v2/executions", tok, 0},
			{"/devices/v2", tok, 1},
		} {
			if n := h.do(http.MethodGet, list.path, list.token, nil).want(200).json()["total_number_of_items"]; n != list.want {
				t.Errorf("%s lists %v, want %v", list.path, n, list.want)
			}
		}
		if n := h.do(http.MethodGet, "/detections/v2", tok, nil).want(200).json()["total_number_of_items"]; n != 0.0 {
			t.Errorf("%v detections stored", n)
		}
		for _, path := range []string{"/public/v2/us/policy-templates/list", "/public/v2/us/tenants/list", "/public/v2/us/users/list"} {
			if !strings.Contains(string(h.do(http.MethodGet, path, partnerTok, nil).want(200).body), `"totalCount":0`) {
				t.Errorf("%s lists something", path)
			}
		}
	})
}
