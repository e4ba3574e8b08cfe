package policy_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

// decodeLikeTheAPI reads a document as the API's decoder does: member
// names in any case.
func decodeLikeTheAPI(data []byte, v any) error {
	return json.Unmarshal(data, v, json.MatchCaseInsensitiveNames(true))
}

// wantFieldError fails unless err is an EInvalid *wolfden.Error naming a
// field, which the API answers as a 400.
func wantFieldError(t *testing.T, err error, doc []byte) {
	t.Helper()
	var e *wolfden.Error
	if !errors.As(err, &e) || e.Code != wolfden.EInvalid || e.Field == "" {
		t.Fatalf("Normalize(%s): %v, not EInvalid naming a field", doc, err)
	}
}

// FuzzPolicyDocument: Normalize refuses a document with a field error or
// accepts it, and an accepted document is stable: written and read back,
// it is accepted and normalises to the same document.
func FuzzPolicyDocument(f *testing.F) {
	// Small documents, a section each: the fuzzer minimises each input it
	// finds interesting, which takes long on a large one.
	for _, doc := range []string{
		`{"policy_name": "x"}`,
		`{"policy_name": "x", "policy": [{"name": "auto_blocking", "value": 1}, {"name": "Full_Disc_Scan", "value": "02"},
			{"name": "scan_exception_list", "value": ["D:\\SQLData\\"]}, {"name": "custom_thumbprint", "value": "null"}]}`,
		`{"policy_name": "x", "policy": [{"name": "console_setting", "value": {"a": [1, true, null]}, "note": "kept"}, {"name": "bare"}]}`,
		`{"policy_name": "x", "filetype_actions": {"suspicious_files": [{"file_type": "executable", "actions": "3"}],
			"threat_files": [{"file_type": "Executable", "actions": 3}]}}`,
		`{"policy_name": "x", "memoryviolation_actions": {"memory_violations": [{"violation_type": "lsassread", "action": "Terminate"}],
			"memory_violations_ext_v2": [{"violation_type": "oopprotect", "action": "block", "order": 1}]}}`,
		`{"policy_name": "x", "memoryviolation_actions": {"memory_exclusion_list": ["\\x.exe"],
			"memory_exclusion_list_v2": [{"path": "\\dbg.exe", "violations": [{"violation_type": "LSASSREAD", "action": "None"}]}]}}`,
		`{"policy_name": "x", "script_control": {"global_settings": {"control_mode": "block", "allowed_folders": ""},
			"powershell_settings": {"control_mode": "Block", "console_mode": "allow"}}}`,
		`{"policy_name": "x", "script_control_v2": {"exclusion_list": [{"path": "C:\\s", "type": "python"}]}}`,
		`{"policy_name": "x", "device_control": {"configurations": [{"device_class": "AndroidUSB", "control_mode": "Block"},
			{"device_class": "iOS", "control_mode": "FullAccess"}, {"device_class": "StillImage", "control_mode": "ReadOnly"},
			{"device_class": "USBCDDVDRW", "control_mode": "FullAccess"}, {"device_class": "usbdrive", "control_mode": "readonly"},
			{"device_class": "VMWareMount", "control_mode": "FullAccess"}, {"device_class": "WPD", "control_mode": "Block"}],
			"exclusion_list": [{"vendor_id": "781", "product_id": "5581", "control_mode": "fullaccess"}]}}`,
		`{"policy_name": "x", "appcontrol": {"changewindow_enabled": 1, "lockdown": [{"lockdown_type": "PEChange", "action": "Deny"}]}}`,
		`{"policy_name": "x", "data_privacy": {"data_privacy": [{"field": "hostname", "enable": "1"}]}}`,
		`{"policy_name": "x", "persona": {"mode": 1, "mitigation_actions": [{"id": 1, "threshold": "80", "action": "prompt2fa", "method": "duo"}]}}`,
		`{"policy_name": "x", "software_inventory": {"enabled": "1", "full_report_hours": 12}}`,
		`{"policy_name": "x", "logpolicy": {"log_upload": {"compress": true, "delete": false}, "maxlogsize": "100", "retentiondays": 30}}`,
		`{"policy_name": "x", "logpolicy": {"log_upload": 1}, "future_section": {"x": [1, 2]}}`,
		`{"policy_name": "x", "file_exclusions": [{"file_hash": "3F1A9C0B2E4D6F8A0B1C2D3E4F5A6B7C8D9E0F1A2B3C4D5E6F7A8B9C0D1E2F3A",
			"cloud_score": -0.5, "av_industry": null}]}`,
		`{"POLICY_NAME": "x", "Policy": [{"NAME": "optics", "VALUE": "1"}]}`,
		`{"policy_name": "x", "policy": [{"name": "optics", "value": true}]}`,
		`{"policy_name": "x", "policy": [{"name": "optics", "value": "1"}, {"name": "OPTICS", "value": "0"}]}`,
		`{"policy_name": "x", "memoryviolation_actions": {"memory_violations_ext_v2": [{"violation_type": "oopprotect", "action": "None", "order": "\u0031"}]}}`,
		`{"policy_name": "x", "policy": [{"name": "threat_report_limit", "value": 1e2}]}`,
	} {
		f.Add([]byte(doc))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d policy.Document
		if decodeLikeTheAPI(data, &d) != nil {
			return
		}
		if err := d.Normalize(); err != nil {
			wantFieldError(t, err, data)
			return
		}
		first, err := d.CanonicalJSON()
		if err != nil {
			t.Fatalf("CanonicalJSON of the normalised %s: %v", data, err)
		}
		var again policy.Document
		if err := decodeLikeTheAPI(first, &again); err != nil {
			t.Fatalf("the normalised %s does not read back: %v\n%s", data, err, first)
		}
		if err := again.Normalize(); err != nil {
			t.Fatalf("the normalised %s is refused: %v\n%s", data, err, first)
		}
		second, err := again.CanonicalJSON()
		if err != nil || !bytes.Equal(first, second) {
			t.Fatalf("normalising %s is not stable (%v):\n%s\n%s", data, err, first, second)
		}
		// Flags and numbers are the vendor's strings, however they came.
		for _, s := range again.Settings {
			if stringSettings[s.Name] && s.Value.Kind() != '"' {
				t.Fatalf("normalising %s leaves %s = %s", data, s.Name, s.Value)
			}
		}
		for _, a := range append(again.FileTypeActions.SuspiciousFiles, again.FileTypeActions.ThreatFiles...) {
			if raw, _ := a.Actions.MarshalJSON(); raw[0] != '"' {
				t.Fatalf("normalising %s leaves actions = %s", data, raw)
			}
		}
	})
}

// stringSettings are the policy[] settings whose values are strings: all
// but the nullable texts and the list.
var stringSettings = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range policy.DefaultDevicePolicy(uuid.Nil, time.Time{}).Document.Settings {
		m[s.Name] = s.Value.Kind() == '"'
	}
	return m
}()
