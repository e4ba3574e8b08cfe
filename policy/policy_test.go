package policy_test

import (
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

func parseDocument(t *testing.T, doc string) policy.Document {
	t.Helper()
	var d policy.Document
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatalf("decode %s: %v", doc, err)
	}
	return d
}

// normalizedJSON is doc normalised and written back.
func normalizedJSON(t *testing.T, doc string) string {
	t.Helper()
	d := parseDocument(t, doc)
	if err := d.Normalize(); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestPolicyDocumentDefaults(t *testing.T) {
	p := policy.DefaultDevicePolicy(uuid.New(), time.Now())
	d := p.Document
	if len(d.Settings) != 42 {
		t.Errorf("%d settings, want the 42 of the catalogue", len(d.Settings))
	}
	values := map[string]string{}
	for _, s := range d.Settings {
		values[s.Name] = string(s.Value)
	}
	for name, want := range map[string]string{
		"auto_blocking": `"0"`, "threat_report_limit": `"500"`, "low_confidence_threshold": `"-600"`,
		"days_until_deleted": `"14"`, "optics_set_disk_usage_maximum_fixed": `"1000"`, "sample_copy_path": `null`,
		"custom_thumbprint": `null`, "scan_exception_list": `[]`,
	} {
		if values[name] != want {
			t.Errorf("default %s = %s, want %s", name, values[name], want)
		}
	}
	m := d.MemoryViolationActions
	if len(m.MemoryViolations) != 12 || len(m.MemoryViolationsExt) != 4 || len(m.MemoryViolationsExtV2) != 12 ||
		m.MemoryViolations[0].Action != "Alert" || m.MemoryViolationsExtV2[0].Action != "None" {
		t.Errorf("memory defaults %+v", m)
	}
	if len(d.DeviceControl.Configurations) != 7 || d.DeviceControl.Configurations[0].ControlMode != "FullAccess" {
		t.Errorf("device control defaults %+v", d.DeviceControl)
	}
	if len(d.DataPrivacy.Fields) != 9 || d.ScriptControl.PowerShellSettings.ConsoleMode != "Allow" ||
		d.LogPolicy.MaxLogSize.Text() != "100" || string(d.LogPolicy.LogUpload) != "null" ||
		d.SoftwareInventory.FullReportHours.Text() != "24" {
		t.Errorf("section defaults: %+v %+v %+v", d.DataPrivacy, d.LogPolicy, d.SoftwareInventory)
	}
	if len(p.Checksum) != 32 {
		t.Errorf("checksum %q", p.Checksum)
	}
}

func TestPolicyDocumentKeepsWhatItIsGiven(t *testing.T) {
	out := normalizedJSON(t, `{"policy_name": " Servers ", "future_section": {"x": [1, 2]},
		"policy": [{"name": "optics", "value": "1", "note": "kept"}, {"name": "custom_thumbprint", "value": "null"},
			{"name": "future_setting", "value": 1, "note": "kept"}, {"name": "console_only", "value": {"a": [true]}},
			{"name": "no_value"}],
		"filetype_actions": {"threat_files": [{"file_type": "Executable", "actions": "3"}]},
		"script_control": {"global_settings": {"control_mode": "block", "allowed_folders": ""}},
		"logpolicy": {"log_upload": {"compress": true, "delete": false}, "maxlogsize": "50"}}`)
	for _, want := range []string{
		`"policy_name":"Servers"`, `"future_section":{"x":[1,2]}`, `{"name":"optics","value":"1","note":"kept"}`,
		`{"name":"custom_thumbprint","value":null}`, `{"file_type":"executable","actions":"3"}`,
		`{"name":"future_setting","value":1,"note":"kept"}`, `{"name":"console_only","value":{"a":[true]}}`,
		`{"name":"no_value"}`,
		`"global_settings":{"control_mode":"Block","allowed_folders":[]}`,
		`"log_upload":{"compress":true,"delete":false}`, `"maxlogsize":"50"`, `"retentiondays":"30"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("normalized document lacks %s", want)
		}
	}
}

// Values the vendor writes as strings are stored as strings whatever form
// they came in: python-cyapi writes numbers and reads back strings.
func TestPolicyDocumentStoresVendorStrings(t *testing.T) {
	out := normalizedJSON(t, `{"policy_name": "x",
		"policy": [{"name": "auto_blocking", "value": 1}, {"name": "full_disc_scan", "value": 2},
			{"name": "low_confidence_threshold", "value": -700}, {"name": "days_until_deleted", "value": "030"},
			{"name": "Optics", "value": "+1"}],
		"filetype_actions": {"suspicious_files": [{"file_type": "executable", "actions": 3}],
			"threat_files": [{"file_type": "executable", "actions": 2}]},
		"memoryviolation_actions": {"memory_violations_ext_v2": [{"violation_type": "oopprotect", "action": "Block", "order": 1}]},
		"appcontrol": {"changewindow_enabled": 1},
		"data_privacy": {"data_privacy": [{"field": "hostname", "enable": 1}]},
		"persona": {"mode": 1, "mitigation_actions": [{"id": 1, "threshold": 80, "action": "prompt2fa", "method": "duo"}]},
		"software_inventory": {"enabled": 1, "full_report_hours": 12},
		"logpolicy": {"log_upload": 1, "maxlogsize": 250, "retentiondays": 60}}`)
	for _, want := range []string{
		`{"name":"auto_blocking","value":"1"}`, `{"name":"full_disc_scan","value":"2"}`,
		`{"name":"low_confidence_threshold","value":"-700"}`, `{"name":"days_until_deleted","value":"30"}`,
		`{"name":"optics","value":"1"}`,
		`"suspicious_files":[{"file_type":"executable","actions":"3"}]`, `"threat_files":[{"file_type":"executable","actions":"2"}]`,
		`{"violation_type":"oopprotect","action":"Block","order":"1"}`, `"changewindow_enabled":"1"`,
		`{"field":"hostname","enable":"1"}`, `"mode":"1"`, `{"id":"1","threshold":"80","action":"prompt2fa","method":"duo"}`,
		`"enabled":"1","full_report_hours":"12"`, `"log_upload":"1","maxlogsize":"250","retentiondays":"60"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("normalized document lacks %s\n%s", want, out)
		}
	}
}

func TestPolicyDocumentErrors(t *testing.T) {
	all7 := `"configurations": [{"device_class": "AndroidUSB", "control_mode": "FullAccess"},
		{"device_class": "iOS", "control_mode": "FullAccess"}, {"device_class": "StillImage", "control_mode": "FullAccess"},
		{"device_class": "USBCDDVDRW", "control_mode": "FullAccess"}, {"device_class": "USBDrive", "control_mode": "ReadOnly"},
		{"device_class": "VMWareMount", "control_mode": "FullAccess"}, {"device_class": "WPD", "control_mode": "Block"}]`
	for _, tt := range []struct {
		name, doc, field string
	}{
		{"no name", `{"policy_name": "  "}`, "policy_name"},
		{"setting without a name", `{"policy_name": "x", "policy": [{"name": "auto_blocking", "value": "1"}, {"value": "1"}]}`, "policy[1].name"},
		{"setting twice", `{"policy_name": "x", "policy": [{"name": "optics", "value": "1"}, {"name": "OPTICS", "value": "0"}]}`, "policy[1].name"},
		{"unknown setting twice", `{"policy_name": "x", "policy": [{"name": "turbo", "value": "1"}, {"name": "turbo", "value": "0"}]}`, "policy[1].name"},
		{"flag as a boolean", `{"policy_name": "x", "policy": [{"name": "optics", "value": true}]}`, "policy[0].value"},
		{"flag out of range", `{"policy_name": "x", "policy": [{"name": "optics", "value": "2"}]}`, "policy[0].value"},
		{"number out of range", `{"policy_name": "x", "policy": [{"name": "days_until_deleted", "value": "7"}]}`, "policy[0].value"},
		{"number not a number", `{"policy_name": "x", "policy": [{"name": "threat_report_limit", "value": "lots"}]}`, "policy[0].value"},
		{"value missing", `{"policy_name": "x", "policy": [{"name": "optics"}]}`, "policy[0].value"},
		{"list not a list", `{"policy_name": "x", "policy": [{"name": "scan_exception_list", "value": "C:\\"}]}`, "policy[0].value"},
		{"text not text", `{"policy_name": "x", "policy": [{"name": "sample_copy_path", "value": 3}]}`, "policy[0].value"},
		{"file type", `{"policy_name": "x", "filetype_actions": {"suspicious_files": [{"file_type": "pdf", "actions": "0"}]}}`, "filetype_actions.suspicious_files[0].file_type"},
		{"actions", `{"policy_name": "x", "filetype_actions": {"threat_files": [{"file_type": "executable", "actions": "-1"}]}}`, "filetype_actions.threat_files[0].actions"},
		{"exclusion hash", `{"policy_name": "x", "file_exclusions": [{"file_hash": "abc"}]}`, "file_exclusions[0].file_hash"},
		{"violation type", `{"policy_name": "x", "memoryviolation_actions": {"memory_violations": [{"violation_type": "dyldinjection", "action": "Alert"}]}}`, "memoryviolation_actions.memory_violations[0].violation_type"},
		{"violation action", `{"policy_name": "x", "memoryviolation_actions": {"memory_violations_ext_v2": [{"violation_type": "oopprotect", "action": "Explode"}]}}`, "memoryviolation_actions.memory_violations_ext_v2[0].action"},
		{"exclusion v2 path", `{"policy_name": "x", "memoryviolation_actions": {"memory_exclusion_list_v2": [{"path": "", "violations": []}]}}`, "memoryviolation_actions.memory_exclusion_list_v2[0].path"},
		{"script mode", `{"policy_name": "x", "script_control": {"macro_settings": {"control_mode": "Allow"}}}`, "script_control.macro_settings.control_mode"},
		{"console mode", `{"policy_name": "x", "script_control": {"powershell_settings": {"control_mode": "Alert", "console_mode": "Alert"}}}`, "script_control.powershell_settings.console_mode"},
		{"script v2 type", `{"policy_name": "x", "script_control_v2": {"exclusion_list": [{"path": "C:\\x", "type": "Perl"}]}}`, "script_control_v2.exclusion_list[0].type"},
		{"device classes missing", `{"policy_name": "x", "device_control": {"configurations": [{"device_class": "USBDrive", "control_mode": "Block"}]}}`, "device_control.configurations"},
		{"read-only iOS", `{"policy_name": "x", "device_control": {"configurations": [{"device_class": "iOS", "control_mode": "ReadOnly"}]}}`, "device_control.configurations[0].control_mode"},
		{"vendor id", `{"policy_name": "x", "device_control": {` + all7 + `, "exclusion_list": [{"vendor_id": "xyz"}]}}`, "device_control.exclusion_list[0].vendor_id"},
		{"lockdown", `{"policy_name": "x", "appcontrol": {"lockdown": [{"lockdown_type": "pechange", "action": "maybe"}]}}`, "appcontrol.lockdown[0].action"},
		{"privacy field", `{"policy_name": "x", "data_privacy": {"data_privacy": [{"field": "shoe_size", "enable": "1"}]}}`, "data_privacy.data_privacy[0].field"},
		{"persona method", `{"policy_name": "x", "persona": {"mitigation_actions": [{"id": "1", "threshold": "80", "action": "prompt2fa", "method": "pigeon"}]}}`, "persona.mitigation_actions[0].method"},
		{"inventory hours", `{"policy_name": "x", "software_inventory": {"full_report_hours": "0"}}`, "software_inventory.full_report_hours"},
		{"log upload", `{"policy_name": "x", "logpolicy": {"log_upload": "2"}}`, "logpolicy.log_upload"},
		{"log upload number", `{"policy_name": "x", "logpolicy": {"log_upload": 2}}`, "logpolicy.log_upload"},
		{"log size", `{"policy_name": "x", "logpolicy": {"maxlogsize": "0"}}`, "logpolicy.maxlogsize"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			d := parseDocument(t, tt.doc)
			err := d.Normalize()
			var e *wolfden.Error
			if err == nil || wolfden.CodeOf(err) != wolfden.EInvalid {
				t.Fatalf("Normalize = %v, want EInvalid", err)
			}
			if e, _ = err.(*wolfden.Error); e.Field != tt.field {
				t.Errorf("field %q, want %q (%v)", e.Field, tt.field, err)
			}
		})
	}
}

func TestDefaultPolicyKeepsItsName(t *testing.T) {
	p := policy.DefaultDevicePolicy(uuid.New(), time.Now())
	err := p.Replace(policy.Document{PolicyName: "Mine"}, uuid.New(), time.Now())
	if wolfden.CodeOf(err) != wolfden.EInvalid || p.Name != policy.DefaultPolicyName {
		t.Fatalf("renaming Default: %v, name %q", err, p.Name)
	}
}
