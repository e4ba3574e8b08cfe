package policy

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
)

// settingKind is how a policy[] value is checked.
type settingKind int

const (
	flagSetting     settingKind = iota // "0" or "1"
	numberSetting                      // an integer in [min, max]
	nullableText                       // a string or null
	textListSetting                    // an array of strings
)

type settingRule struct {
	name     string
	kind     settingKind
	def      string // default value, raw JSON
	min, max int
}

// policySettings is the catalogue of the documented policy[] settings, in
// the order a new document lists them (docs/api/policies.md). An entry of
// another name is kept as it is: a policy copied from a live console may
// hold a setting wolfden does not know, and clients write back every entry
// they read.
var policySettings = func() []settingRule {
	flag := func(name string) settingRule {
		return settingRule{name: name, kind: flagSetting, def: `"0"`, min: 0, max: 1}
	}
	rules := []settingRule{
		flag("auto_blocking"), flag("auto_uploading"), flag("pdf_auto_uploading"), flag("ole_auto_uploading"),
		flag("docx_auto_uploading"), flag("python_auto_uploading"), flag("autoit_auto_uploading"),
		flag("powershell_auto_uploading"),
		{name: "threat_report_limit", kind: numberSetting, def: `"500"`, min: 1, max: 100000},
		{name: "low_confidence_threshold", kind: numberSetting, def: `"-600"`, min: -1000, max: -600},
		{name: "full_disc_scan", kind: numberSetting, def: `"0"`, min: 0, max: 2},
		flag("watch_for_new_files"), flag("memory_exploit_detection"), flag("trust_files_in_scan_exception_list"),
		flag("logpolicy"), flag("prevent_service_shutdown"),
		{name: "scan_max_archive_size", kind: numberSetting, def: `"0"`, min: 0, max: 150},
		{name: "sample_copy_path", kind: nullableText, def: `null`},
		flag("kill_running_threats"), flag("show_notifications"),
		{name: "custom_thumbprint", kind: nullableText, def: `null`},
		{name: "scan_exception_list", kind: textListSetting, def: `[]`},
		flag("device_control"), flag("data_privacy"), flag("script_control"), flag("auto_delete"),
		{name: "days_until_deleted", kind: numberSetting, def: `"14"`, min: 14, max: 365},
		flag("optics"),
		{name: "optics_set_disk_usage_maximum_fixed", kind: numberSetting, def: `"1000"`, min: 1, max: 1000000},
		flag("optics_malware_auto_upload"), flag("optics_memory_defense_auto_upload"),
		flag("optics_script_control_auto_upload"), flag("optics_application_control_auto_upload"),
		flag("optics_sensors_dns_visibility"), flag("optics_sensors_private_network_address_visibility"),
		flag("optics_sensors_windows_event_log_visibility"), flag("optics_sensors_advanced_powershell_visibility"),
		flag("optics_sensors_advanced_wmi_visibility"), flag("optics_sensors_advanced_executable_parsing"),
		flag("optics_sensors_enhanced_process_hooking_visibility"), flag("optics_sensors_intel_cryptomining_detection"),
		flag("optics_show_notifications"),
	}
	return rules
}()

// policySettingIndex finds a setting of the catalogue by its lower-case name.
var policySettingIndex = func() map[string]int {
	m := make(map[string]int, len(policySettings))
	for i, r := range policySettings {
		m[strings.ToLower(r.name)] = i
	}
	return m
}()

// normalizeSettings checks each known setting against the catalogue,
// keeps the others verbatim and appends the known ones the document
// leaves out with their defaults. Names match in any case, known ones
// taking the catalogue's spelling, and each is listed once.
func (d *Document) normalizeSettings() error {
	if err := wolfden.CheckLength("policy", len(d.Settings), MaxPolicyListLength); err != nil {
		return err
	}
	seen := make(map[string]bool, len(d.Settings))
	for i := range d.Settings {
		s := &d.Settings[i]
		at := fmt.Sprintf("policy[%d]", i)
		if s.Name == "" {
			return wolfden.FieldErrorf(at+".name", "name is required")
		}
		key := strings.ToLower(s.Name)
		if seen[key] {
			return wolfden.FieldErrorf(at+".name", "setting %q is listed twice", s.Name)
		}
		seen[key] = true
		idx, known := policySettingIndex[key]
		if !known {
			continue
		}
		s.Name = policySettings[idx].name
		if err := policySettings[idx].check(at+".value", &s.Value); err != nil {
			return err
		}
	}
	for _, rule := range policySettings {
		if !seen[strings.ToLower(rule.name)] {
			d.Settings = append(d.Settings, Setting{Name: rule.name, Value: jsontext.Value(rule.def)})
		}
	}
	return nil
}

// check validates a setting's value and stores it in the vendor's form: a
// flag or number as a string of digits however it was sent (python-cyapi's
// enable_aqt writes 1 and expects "1" back). python-cyapi's template
// writes the string "null" for custom_thumbprint, which means null.
func (r settingRule) check(field string, v *jsontext.Value) error {
	if len(*v) == 0 {
		return wolfden.FieldErrorf(field, "value is required")
	}
	switch r.kind {
	case flagSetting, numberSetting:
		var s wolfden.Scalar
		if err := s.UnmarshalJSON(*v); err != nil {
			return wolfden.FieldErrorf(field, "%s must be a number in a string, such as \"%d\"", r.name, r.min)
		}
		if err := checkInt(field, &s, r.min, r.max); err != nil {
			return err
		}
		*v = s.Raw()
	case nullableText:
		switch v.Kind() {
		case 'n':
		case '"':
			if string(*v) == `"null"` {
				*v = jsontext.Value("null")
			}
		default:
			return wolfden.FieldErrorf(field, "%s must be a string or null", r.name)
		}
	case textListSetting:
		var list []string
		if v.Kind() != '[' || json.Unmarshal(*v, &list) != nil {
			return wolfden.FieldErrorf(field, "%s must be an array of strings", r.name)
		}
		return wolfden.CheckLength(field, len(list), MaxPolicyListLength)
	}
	return nil
}

// checkInt validates a numeric Scalar against [min, max] and makes it the
// vendor's form, the decimal digits in a string, whatever form it came in.
func checkInt(field string, s *wolfden.Scalar, min, max int) error {
	n, err := strconv.Atoi(s.Text())
	if err != nil || n < min || n > max {
		if min == 0 && max == 1 {
			return wolfden.FieldErrorf(field, "%s is not \"0\" or \"1\"", s.Raw())
		}
		return wolfden.FieldErrorf(field, "%s is not an integer from %d to %d", s.Raw(), min, max)
	}
	*s = wolfden.Str(strconv.Itoa(n))
	return nil
}
