package httpapi_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/internal/typed"
	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

var (
	dotNetDate = regexp.MustCompile(`^/Date\(\d+\+0000\)/$`)
	isoTicks   = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}$`)
	md5Hex     = regexp.MustCompile(`^[0-9a-f]{32}$`)
)

// strictPolicy is an abridged create request for a strict server policy.
const strictPolicy = `{
  "user_id": "0f3e9a72-1c4b-4d8a-9e21-7b6c5d4e3f2a",
  "policy": {
    "policy_name": "Servers - strict",
    "checksum": "",
    "filetype_actions": {
      "suspicious_files": [ { "file_type": "executable", "actions": "3" } ],
      "threat_files":     [ { "file_type": "executable", "actions": "3" } ] },
    "file_exclusions": [],
    "memoryviolation_actions": {
      "memory_violations": [ { "violation_type": "lsassread", "action": "Terminate" } ],
      "memory_violations_ext": [ { "violation_type": "maliciouspayload", "action": "Block" } ],
      "memory_exclusion_list": [] },
    "policy": [
      { "name": "auto_blocking", "value": "1" },
      { "name": "memory_exploit_detection", "value": "1" },
      { "name": "full_disc_scan", "value": "1" },
      { "name": "scan_exception_list", "value": ["D:\\SQLData\\"] } ],
    "script_control": {
      "global_settings": { "control_mode": "Block", "allowed_folders": [] },
      "powershell_settings": { "control_mode": "Block", "console_mode": "Block" },
      "macro_settings": { "control_mode": "Alert" },
      "activescript_settings": { "control_mode": "Block" } },
    "logpolicy": { "log_upload": "0", "maxlogsize": "100", "retentiondays": "30" }
  }
}`

// createPolicy creates a policy with the defaults and answers its id.
func (h *harness) createPolicy(tok, name string) string {
	h.t.Helper()
	return h.do(http.MethodPost, "/policies/v2", tok, map[string]any{"user_id": uuid.NewString(),
		"policy": map[string]any{"policy_name": name}}).want(201).field("policy_id")
}

// settingValue finds a policy[] value in a document.
func settingValue(t testing.TB, doc map[string]any, name string) any {
	for _, s := range typed.As[[]any](t, doc["policy"]) {
		if s := typed.As[map[string]any](t, s); s["name"] == name {
			return s["value"]
		}
	}
	return "absent"
}

func TestPolicyCreateAndGet(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)

		def := h.do(http.MethodGet, "/policies/v2/"+defaultPolicy, tok, nil).want(200).json()
		if def["policy_id"] != defaultPolicy || def["policy_name"] != "Default" || settingValue(t, def, "threat_report_limit") != "500" {
			t.Errorf("Default policy %v", def)
		}

		created := h.do(http.MethodPost, "/policies/v2", tok, strictPolicy).want(201).json()
		id, _ := created["policy_id"].(string)
		if _, err := uuid.Parse(id); err != nil || created["policy_name"] != "Servers - strict" ||
			!md5Hex.MatchString(typed.As[string](t, created["checksum"])) || !dotNetDate.MatchString(typed.As[string](t, created["policy_utctimestamp"])) {
			t.Fatalf("create answered %v", created)
		}
		for _, section := range []string{"policy", "filetype_actions", "file_exclusions", "memoryviolation_actions",
			"script_control", "script_control_v2", "device_control", "appcontrol", "data_privacy", "persona",
			"software_inventory", "logpolicy"} {
			if created[section] == nil {
				t.Errorf("created document lacks %s", section)
			}
		}
		if settingValue(t, created, "auto_blocking") != "1" || settingValue(t, created, "days_until_deleted") != "14" {
			t.Errorf("settings: given %v, default %v", settingValue(t, created, "auto_blocking"), settingValue(t, created, "days_until_deleted"))
		}

		// GET answers what create answered, by either id form.
		for _, key := range []string{id, strings.ToUpper(strings.ReplaceAll(id, "-", ""))} {
			got := h.do(http.MethodGet, "/policies/v2/"+key, tok, nil).want(200).json()
			if !reflect.DeepEqual(got, created) {
				t.Errorf("GET %s differs from the create answer", key)
			}
		}

		list := h.do(http.MethodGet, "/policies/v2", tok, nil).want(200).json()
		items := typed.As[[]any](t, list["page_items"])
		if list["total_number_of_items"] != 2.0 || len(items) != 2 {
			t.Fatalf("list %v", list)
		}
		item := typed.As[map[string]any](t, items[1])
		if item["id"] != id || item["name"] != "Servers - strict" || item["device_count"] != 0.0 || item["zone_count"] != 0.0 ||
			!isoTicks.MatchString(typed.As[string](t, item["date_added"])) || !isoTicks.MatchString(typed.As[string](t, item["date_modified"])) {
			t.Errorf("list item %v", item)
		}

		h.do(http.MethodPost, "/policies/v2", tok, strings.Replace(strictPolicy, "Servers - strict", "SERVERS - STRICT", 1)).want(409)
		for _, tt := range []struct {
			name, body, field string
		}{
			{"no user", `{"policy": {"policy_name": "x"}}`, "user_id"},
			{"bad user", `{"user_id": "me", "policy": {"policy_name": "x"}}`, "user_id"},
			{"no policy", `{"user_id": "` + uuid.NewString() + `"}`, "policy"},
			{"no name", `{"user_id": "` + uuid.NewString() + `", "policy": {}}`, "policy.policy_name"},
			{"name of the wrong type", `{"user_id": "` + uuid.NewString() + `", "policy": {"policy_name": 5}}`, "policy.policy_name"},
			{"bad value", `{"user_id": "` + uuid.NewString() + `", "policy": {"policy_name": "x", "policy": [{"name": "optics", "value": "yes"}]}}`, "policy.policy[0].value"},
			{"value of the wrong type", `{"user_id": "` + uuid.NewString() + `", "policy": {"policy_name": "x", "filetype_actions": {"threat_files": [{"file_type": "executable", "actions": true}]}}}`, "policy.filetype_actions.threat_files[0].actions"},
			{"setting without a name", `{"user_id": "` + uuid.NewString() + `", "policy": {"policy_name": "x", "policy": [{"value": "1"}]}}`, "policy.policy[0].name"},
			{"malformed", `{"user_id": "` + uuid.NewString() + `", "policy": {"policy_name": "x",}}`, ""},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := h.sub(t).do(http.MethodPost, "/policies/v2", tok, tt.body).want(400)
				if f, _ := res.json()["field"].(string); tt.field != "" && f != tt.field {
					t.Errorf("field %q, want %q: %s", f, tt.field, res.body)
				}
			})
		}
		if n := h.do(http.MethodGet, "/policies/v2", tok, nil).json()["total_number_of_items"]; n != 2.0 {
			t.Errorf("refused creates stored policies: %v", n)
		}

		tokB := h.token(h.newTenant("B"))
		h.do(http.MethodGet, "/policies/v2/"+id, tokB, nil).want(404)
		h.do(http.MethodGet, "/policies/v2/not-a-policy", tok, nil).want(404)

		h.wantScope(a, http.MethodGet, "/policies/v2", wolfden.ScopePolicyList, nil)
		h.wantScope(a, http.MethodGet, "/policies/v2/"+id, wolfden.ScopePolicyRead, nil)
		h.do(http.MethodPost, "/policies/v2", h.token(h.newApp(a, wolfden.ScopePolicyRead)), strictPolicy).want(403)
	})
}

// changeEverything changes every setting of a document read from the API
// to another valid value.
func changeEverything(t testing.TB, doc map[string]any) {
	numbers := map[string]string{"threat_report_limit": "250", "low_confidence_threshold": "-700",
		"full_disc_scan": "2", "scan_max_archive_size": "150", "days_until_deleted": "30",
		"optics_set_disk_usage_maximum_fixed": "500"}
	for _, s := range typed.As[[]any](t, doc["policy"]) {
		s := typed.As[map[string]any](t, s)
		name := typed.As[string](t, s["name"])
		switch {
		case numbers[name] != "":
			s["value"] = numbers[name]
		case name == "scan_exception_list":
			s["value"] = []any{`C:\Build\`, `D:\Data\`}
		case name == "sample_copy_path":
			s["value"] = `\\share\samples`
		case name == "custom_thumbprint":
			s["value"] = "00112233445566778899AABBCCDDEEFF00112233"
		default: // a flag
			s["value"] = "1"
		}
	}
	var sections map[string]any
	if err := json.Unmarshal([]byte(`{
		"filetype_actions": {"suspicious_files": [{"file_type": "executable", "actions": "3"}],
			"threat_files": [{"file_type": "executable", "actions": "2"}]},
		"file_exclusions": [{"file_hash": "3F1A9C0B2E4D6F8A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F3A",
			"md5": "0123456789abcdef0123456789abcdef", "file_name": "tool.exe", "file_type": 1, "cloud_score": "-0.5",
			"infinity": 0, "av_industry": null, "category_id": "3", "reason": "in house", "research_class_id": "",
			"research_subclass_id": ""}],
		"script_control": {"global_settings": {"control_mode": "Block", "allowed_folders": ["C:\\Scripts\\"]},
			"powershell_settings": {"control_mode": "Block", "console_mode": "Block"},
			"macro_settings": {"control_mode": "Block"}, "activescript_settings": {"control_mode": "Block"}},
		"script_control_v2": {"dotnet_dlr_settings": {"control_mode": "Block"}, "python_settings": {"control_mode": "Block"},
			"exclusion_list": [{"path": "C:\\Scripts\\Approved\\", "type": "PowershellScript"}]},
		"device_control": {"configurations": [
			{"device_class": "AndroidUSB", "control_mode": "Block"}, {"device_class": "iOS", "control_mode": "Block"},
			{"device_class": "StillImage", "control_mode": "ReadOnly"}, {"device_class": "USBCDDVDRW", "control_mode": "ReadOnly"},
			{"device_class": "USBDrive", "control_mode": "ReadOnly"}, {"device_class": "VMWareMount", "control_mode": "Block"},
			{"device_class": "WPD", "control_mode": "Block"}],
			"exclusion_list": [{"vendor_id": "0781", "product_id": "5581", "serial_number": "4C530001230517113243",
				"control_mode": "FullAccess", "comment": "Encrypted backup stick", "date_added": "2024-04-02T11:00:00"}]},
		"appcontrol": {"changewindow_enabled": "1", "allowed_folders": ["C:\\Deploy\\"],
			"lockdown": [{"lockdown_type": "executionfromexternaldrives", "action": "deny"}, {"lockdown_type": "pechange", "action": "allow"}]},
		"persona": {"mode": "1", "admin_whitelist": [{"username": "CORP\\svc-backup"}],
			"mitigation_actions": [{"id": "1", "threshold": "80", "action": "prompt2fa", "method": "duo"}]},
		"software_inventory": {"enabled": "1", "full_report_hours": "12"},
		"logpolicy": {"log_upload": {"compress": true, "delete": false}, "maxlogsize": "250", "retentiondays": "60"}
	}`), &sections); err != nil {
		panic(err)
	}
	for k, v := range sections {
		doc[k] = v
	}
	mem := typed.As[map[string]any](t, doc["memoryviolation_actions"])
	for _, list := range []string{"memory_violations", "memory_violations_ext", "memory_violations_ext_v2"} {
		for i, e := range typed.As[[]any](t, mem[list]) {
			typed.As[map[string]any](t, e)["action"] = []string{"Block", "Terminate", "Alert"}[i%3]
		}
	}
	mem["memory_exclusion_list"] = []any{`\Program Files\Backup\agent.exe`}
	mem["memory_exclusion_list_v2"] = []any{map[string]any{"path": `\Tools\dbg.exe`,
		"violations": []any{map[string]any{"violation_type": "lsassread", "action": "None"}}}}
	for _, f := range typed.As[[]any](t, typed.As[map[string]any](t, doc["data_privacy"])["data_privacy"]) {
		typed.As[map[string]any](t, f)["enable"] = "1"
	}
}

func TestPolicyRoundTrip(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		id := h.do(http.MethodPost, "/policies/v2", tok, strictPolicy).want(201).field("policy_id")
		before := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()

		doc := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()
		changeEverything(t, doc)
		doc["policy_name"] = "Servers - stricter"
		doc["checksum"], doc["policy_utctimestamp"] = "", ""
		h.clock.Advance(1500 * time.Millisecond) // a new timestamp
		res := h.do(http.MethodPut, "/policies/v2", tok, map[string]any{"user_id": a.app.ID.String(), "policy": doc}).want(204)
		if len(res.body) != 0 {
			t.Errorf("204 with a body: %s", res.body)
		}

		after := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()
		if after["checksum"] == before["checksum"] || after["policy_utctimestamp"] == before["policy_utctimestamp"] {
			t.Errorf("checksum %v and timestamp %v did not change", after["checksum"], after["policy_utctimestamp"])
		}
		for _, k := range []string{"checksum", "policy_utctimestamp"} {
			delete(after, k)
			delete(doc, k)
		}
		for k, want := range doc {
			if !reflect.DeepEqual(after[k], want) {
				got, _ := json.Marshal(after[k])
				sent, _ := json.Marshal(want)
				t.Errorf("%s reads back as\n%s\nwas PUT as\n%s", k, got, sent)
			}
		}
		if len(after) != len(doc) {
			t.Errorf("read back %d members, PUT %d", len(after), len(doc))
		}
	})
}

// The read-change-write cycle of python-cyapi's policy helpers: values set
// as numbers, allowed_folders sent as "", the application id as user_id.
func TestPolicySDKCycle(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		id := h.createPolicy(tok, "SDK")
		doc := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()
		for _, s := range typed.As[[]any](t, doc["policy"]) {
			s := typed.As[map[string]any](t, s)
			switch s["name"] {
			case "memory_exploit_detection", "script_control", "optics", "auto_blocking":
				s["value"] = 1
			case "full_disc_scan":
				s["value"] = 2
			case "scan_exception_list":
				s["value"] = append(typed.As[[]any](t, s["value"]), `C:\Program Files\Other AV\`)
			}
		}
		for _, list := range []string{"suspicious_files", "threat_files"} {
			for _, e := range typed.As[[]any](t, typed.As[map[string]any](t, doc["filetype_actions"])[list]) {
				typed.As[map[string]any](t, e)["actions"] = 3
			}
		}
		typed.As[map[string]any](t, typed.As[map[string]any](t, doc["script_control"])["global_settings"])["allowed_folders"] = ""
		mem := typed.As[map[string]any](t, doc["memoryviolation_actions"])
		mem["memory_exclusion_list"] = append(typed.As[[]any](t, mem["memory_exclusion_list"]), `\Other AV\scanner.exe`)
		doc["checksum"], doc["policy_utctimestamp"] = "", ""
		h.do(http.MethodPut, "/policies/v2", tok, map[string]any{"user_id": a.app.ID.String(), "policy": doc}).want(204)

		// The SDK's own test reads auto_blocking back as '1'.
		got := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()
		if settingValue(t, got, "auto_blocking") != "1" || settingValue(t, got, "optics") != "1" || settingValue(t, got, "full_disc_scan") != "2" ||
			len(typed.As[[]any](t, settingValue(t, got, "scan_exception_list"))) != 1 {
			t.Errorf("settings read back: auto_blocking %v, optics %v, full_disc_scan %v, scan_exception_list %v",
				settingValue(t, got, "auto_blocking"), settingValue(t, got, "optics"), settingValue(t, got, "full_disc_scan"),
				settingValue(t, got, "scan_exception_list"))
		}
		if a := typed.As[map[string]any](t, typed.As[[]any](t, typed.As[map[string]any](t, got["filetype_actions"])["threat_files"])[0])["actions"]; a != "3" {
			t.Errorf("actions read back as %v", a)
		}
		if f := typed.As[map[string]any](t, typed.As[map[string]any](t, got["script_control"])["global_settings"])["allowed_folders"]; !reflect.DeepEqual(f, []any{}) {
			t.Errorf(`allowed_folders "" reads back as %v, want []`, f)
		}

		// create_device_policy copies a policy by posting a document it read,
		// policy_id and all.
		got["policy_name"] = "SDK copy"
		copied := h.do(http.MethodPost, "/policies/v2", tok, map[string]any{"user_id": a.app.ID.String(), "policy_id": "", "policy": got}).want(201).json()
		if copied["policy_id"] == id || settingValue(t, copied, "optics") != "1" {
			t.Errorf("copy %v: optics %v", copied["policy_id"], settingValue(t, copied, "optics"))
		}
	})
}

// Every value the vendor writes as a string reads back as one, whatever
// form it was written in; policy[] entries wolfden does not know read back
// as they were written, where they were.
func TestPolicyValuesReadBackInVendorForm(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		id := h.createPolicy(tok, "Numbers")
		doc := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()
		for _, s := range typed.As[[]any](t, doc["policy"]) {
			s := typed.As[map[string]any](t, s)
			switch s["name"] {
			case "auto_blocking":
				s["value"] = 1
			case "threat_report_limit":
				s["value"] = 250
			case "low_confidence_threshold":
				s["value"] = -700
			case "days_until_deleted":
				s["value"] = "030"
			}
		}
		doc["policy"] = append([]any{map[string]any{"name": "console_setting", "value": 7, "note": "from a live console"}},
			append(typed.As[[]any](t, doc["policy"]), map[string]any{"name": "another_setting", "value": map[string]any{"on": true}})...)
		var sections map[string]any
		if err := json.Unmarshal([]byte(`{
			"filetype_actions": {"suspicious_files": [{"file_type": "executable", "actions": 3}],
				"threat_files": [{"file_type": "executable", "actions": 2}]},
			"appcontrol": {"changewindow_enabled": 1},
			"persona": {"mode": 1, "mitigation_actions": [{"id": 1, "threshold": 80, "action": "prompt2fa", "method": "duo"}]},
			"software_inventory": {"enabled": 1, "full_report_hours": 12},
			"logpolicy": {"log_upload": 1, "maxlogsize": 250, "retentiondays": 60}
		}`), &sections); err != nil {
			t.Fatal(err)
		}
		for k, v := range sections {
			doc[k] = v
		}
		typed.As[map[string]any](t, typed.As[[]any](t, typed.As[map[string]any](t, doc["data_privacy"])["data_privacy"])[0])["enable"] = 1
		typed.As[map[string]any](t, typed.As[[]any](t, typed.As[map[string]any](t, doc["memoryviolation_actions"])["memory_violations_ext_v2"])[0])["order"] = 1
		doc["checksum"], doc["policy_utctimestamp"] = "", ""
		h.do(http.MethodPut, "/policies/v2", tok, map[string]any{"user_id": a.app.ID.String(), "policy": doc}).want(204)

		got := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).want(200).json()
		member := func(path string) any {
			var v any = got
			for _, key := range strings.Split(path, "/") {
				if i, err := strconv.Atoi(key); err == nil {
					v = typed.As[[]any](t, v)[i]
				} else {
					v = typed.As[map[string]any](t, v)[key]
				}
			}
			return v
		}
		for _, tt := range []struct {
			path string
			want any
		}{
			{"policy/1/value", "1"}, // auto_blocking
			{"policy/9/value", "250"},
			{"policy/10/value", "-700"},
			{"policy/27/value", "30"}, // days_until_deleted
			{"policy/0", map[string]any{"name": "console_setting", "value": 7.0, "note": "from a live console"}},
			{"policy/43", map[string]any{"name": "another_setting", "value": map[string]any{"on": true}}},
			{"filetype_actions/suspicious_files/0/actions", "3"},
			{"filetype_actions/threat_files/0/actions", "2"},
			{"memoryviolation_actions/memory_violations_ext_v2/0/order", "1"},
			{"appcontrol/changewindow_enabled", "1"},
			{"data_privacy/data_privacy/0/enable", "1"},
			{"persona/mode", "1"},
			{"persona/mitigation_actions/0/id", "1"},
			{"persona/mitigation_actions/0/threshold", "80"},
			{"software_inventory/enabled", "1"},
			{"software_inventory/full_report_hours", "12"},
			{"logpolicy/log_upload", "1"},
			{"logpolicy/maxlogsize", "250"},
			{"logpolicy/retentiondays", "60"},
		} {
			if v := member(tt.path); !reflect.DeepEqual(v, tt.want) {
				t.Errorf("%s reads back as %#v, want %#v", tt.path, v, tt.want)
			}
		}
		if n := len(typed.As[[]any](t, got["policy"])); n != 44 {
			t.Errorf("%d settings, want the 42 known and the 2 others", n)
		}
	})
}

func TestPolicyUpdateErrors(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		a := h.newTenant("A")
		tok := h.token(a)
		id := h.createPolicy(tok, "Finance")
		h.createPolicy(tok, "Servers")
		put := func(doc map[string]any) *response {
			return h.do(http.MethodPut, "/policies/v2", tok, map[string]any{"user_id": uuid.NewString(), "policy": doc})
		}
		put(map[string]any{"policy_name": "x"}).want(400)
		put(map[string]any{"policy_id": "nope", "policy_name": "x"}).want(400)
		put(map[string]any{"policy_id": uuid.NewString(), "policy_name": "x"}).want(404)
		put(map[string]any{"policy_id": id, "policy_name": "servers"}).want(409)
		put(map[string]any{"policy_id": defaultPolicy, "policy_name": "Renamed"}).want(400)
		res := put(map[string]any{"policy_id": id, "policy_name": "Finance", "policy": []any{map[string]any{"name": "optics", "value": "7"}}}).want(400)
		if f := res.json()["field"]; f != "policy.policy[0].value" {
			t.Errorf("field %v", f)
		}
		got := h.do(http.MethodGet, "/policies/v2/"+id, tok, nil).json()
		if got["policy_name"] != "Finance" || settingValue(t, got, "optics") != "0" {
			t.Errorf("refused updates changed the policy: %v, optics %v", got["policy_name"], settingValue(t, got, "optics"))
		}
		// The Default policy's settings can change.
		put(map[string]any{"policy_id": defaultPolicy, "policy_name": "Default", "policy": []any{map[string]any{"name": "optics", "value": "1"}}}).want(204)

		tokB := h.token(h.newTenant("B"))
		h.do(http.MethodPut, "/policies/v2", tokB, map[string]any{"user_id": uuid.NewString(),
			"policy": map[string]any{"policy_id": id, "policy_name": "Mine"}}).want(404)
		h.wantScopeStatus(a, http.MethodPut, "/policies/v2", wolfden.ScopePolicyUpdate,
			map[string]any{"user_id": uuid.NewString(), "policy": map[string]any{"policy_id": id, "policy_name": "F"}}, 204)
	})
}

func TestPolicyAssignmentAndDeletion(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{adminToken: adminToken})
		a := h.newTenant("A")
		tok := h.token(a)
		finance, servers, spare := h.createPolicy(tok, "Finance"), h.createPolicy(tok, "Servers"), h.createPolicy(tok, "Spare")
		device := h.register(a, map[string]any{"host_name": "fin-01"})
		zone := h.createZone(tok, "Finance Laptops")
		h.do(http.MethodPut, "/devices/v2/"+device, tok, map[string]any{"policy_id": finance}).want(200)
		h.do(http.MethodPut, "/zones/v2/"+zone, tok, map[string]any{"policy_id": finance}).want(200)
		policy := func() map[string]any {
			return typed.As[map[string]any](t, h.do(http.MethodGet, "/devices/v2/"+device, tok, nil).want(200).json()["policy"])
		}
		if p := policy(); p["id"] != finance || p["name"] != "Finance" {
			t.Errorf("device policy %v", p)
		}
		counts := map[string][2]float64{}
		for _, it := range typed.As[[]any](t, h.do(http.MethodGet, "/policies/v2", tok, nil).json()["page_items"]) {
			it := typed.As[map[string]any](t, it)
			counts[typed.As[string](t, it["name"])] = [2]float64{typed.As[float64](t, it["device_count"]), typed.As[float64](t, it["zone_count"])}
		}
		if counts["Finance"] != [2]float64{1, 1} || counts["Default"] != [2]float64{0, 0} {
			t.Errorf("counts %v", counts)
		}

		h.do(http.MethodDelete, "/policies/v2/"+defaultPolicy, tok, nil).want(400)
		h.do(http.MethodDelete, "/policies/v2/"+uuid.NewString(), tok, nil).want(404)
		h.do(http.MethodDelete, "/policies/v2/not-a-policy", tok, nil).want(404)
		h.do(http.MethodDelete, "/policies/v2/"+finance, h.token(h.newTenant("B")), nil).want(404)
		if res := h.do(http.MethodDelete, "/policies/v2/"+finance, tok, nil).want(200); len(res.body) != 0 {
			t.Errorf("delete answered %s", res.body)
		}
		if p := policy(); p["id"] != defaultPolicy || p["name"] != "Default" {
			t.Errorf("device policy after deletion %v", p)
		}
		if z := h.do(http.MethodGet, "/zones/v2/"+zone, tok, nil).json(); z["policy_id"] != defaultPolicy {
			t.Errorf("zone policy after deletion %v", z["policy_id"])
		}
		h.do(http.MethodGet, "/policies/v2/"+finance, tok, nil).want(404)

		// Bulk: all or none.
		h.do(http.MethodDelete, "/policies/v2", tok, map[string]any{"tenant_policy_ids": []string{servers, uuid.NewString()}}).want(404)
		h.do(http.MethodDelete, "/policies/v2", tok, map[string]any{"tenant_policy_ids": []string{servers, defaultPolicy}}).want(400)
		h.do(http.MethodDelete, "/policies/v2", tok, map[string]any{"tenant_policy_ids": []string{}}).want(400)
		res := h.do(http.MethodDelete, "/policies/v2", tok, map[string]any{"tenant_policy_ids": []string{servers, "x"}}).want(400)
		if f := res.json()["field"]; f != "tenant_policy_ids[1]" {
			t.Errorf("field %v", f)
		}
		h.do(http.MethodGet, "/policies/v2/"+servers, tok, nil).want(200)
		h.do(http.MethodDelete, "/policies/v2", tok, map[string]any{"tenant_policy_ids": []string{servers, spare}}).want(200)
		if n := h.do(http.MethodGet, "/policies/v2", tok, nil).json()["total_number_of_items"]; n != 1.0 {
			t.Errorf("%v policies left, want Default alone", n)
		}
		h.wantScope(a, http.MethodDelete, "/policies/v2/"+h.createPolicy(tok, "Scoped"), wolfden.ScopePolicyDelete, nil)
	})
}
