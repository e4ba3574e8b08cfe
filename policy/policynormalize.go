package policy

import (
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
)

// Normalize validates d and completes it: a section or list entry it
// leaves out takes its documented default (docs/api/policies.md), and
// enumerated values take their canonical spelling. Everything else stays
// as given. Errors are EInvalid and name the path within the document, such
// as policy[12].value.
func (d *Document) Normalize() error {
	d.PolicyName = strings.TrimSpace(d.PolicyName)
	if d.PolicyName == "" {
		return wolfden.FieldErrorf("policy_name", "policy_name is required")
	}
	if utf8.RuneCountInString(d.PolicyName) > 256 {
		return wolfden.FieldErrorf("policy_name", "policy_name is longer than 256 characters")
	}
	for _, step := range []func() error{
		d.normalizeSettings, d.normalizeFileTypeActions, d.normalizeFileExclusions, d.normalizeMemoryActions,
		d.normalizeScriptControl, d.normalizeScriptControlV2, d.normalizeDeviceControl, d.normalizeAppControl,
		d.normalizeDataPrivacy, d.normalizePersona, d.normalizeSoftwareInventory, d.normalizeLogPolicy,
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

func (d *Document) normalizeFileTypeActions() error {
	if d.FileTypeActions == nil {
		d.FileTypeActions = &FileTypeActions{}
	}
	for _, list := range []struct {
		name    string
		actions *[]FileTypeAction
	}{{"suspicious_files", &d.FileTypeActions.SuspiciousFiles}, {"threat_files", &d.FileTypeActions.ThreatFiles}} {
		if len(*list.actions) == 0 {
			*list.actions = []FileTypeAction{{FileType: "executable", Actions: wolfden.Str("0")}}
			continue
		}
		if len(*list.actions) > 1 {
			return wolfden.FieldErrorf("filetype_actions."+list.name, "one entry, for file_type executable, is allowed")
		}
		a := &(*list.actions)[0]
		at := "filetype_actions." + list.name + "[0]"
		var err error
		if a.FileType, err = wolfden.OneOf(at+".file_type", a.FileType, "executable"); err != nil {
			return err
		}
		// An opaque small integer: 0 none, 3 auto-quarantine, 2 in the SDK's template.
		if a.Actions.IsZero() {
			return wolfden.FieldErrorf(at+".actions", "actions is required")
		}
		if err := checkInt(at+".actions", &a.Actions, 0, 255); err != nil {
			return err
		}
	}
	return nil
}

func (d *Document) normalizeFileExclusions() error {
	if d.FileExclusions == nil {
		d.FileExclusions = []FileExclusion{}
	}
	if err := wolfden.CheckLength("file_exclusions", len(d.FileExclusions), MaxPolicyFileExclusions); err != nil {
		return err
	}
	seen := map[string]bool{}
	for i, e := range d.FileExclusions {
		at := fmt.Sprintf("file_exclusions[%d].file_hash", i)
		sha, ok := wolfden.ParseSHA256(e.FileHash)
		if !ok {
			return wolfden.FieldErrorf(at, "%q is not a SHA-256 hash", e.FileHash)
		}
		if seen[sha] {
			return wolfden.FieldErrorf(at, "hash %s is listed twice", sha)
		}
		seen[sha] = true
	}
	return nil
}

// Memory violation types by list, and the actions an entry may take.
var (
	memoryViolationTypes = []string{"stackpivot", "stackprotect", "overwritecode", "lsassread",
		"outofprocessallocation", "outofprocessmap", "outofprocesswrite", "outofprocesswritepe",
		"outofprocessoverwritecode", "outofprocessunmapmemory", "outofprocesscreatethread", "outofprocessapc"}
	memoryViolationTypesExt   = []string{"dyldinjection", "trackdataread", "zeroallocate", "maliciouspayload"}
	memoryViolationTypesExtV2 = []string{"runmacroscript", "doppelganger", "oopprotect", "childprocessprotect",
		"syscallprobe", "directsyscall", "systemdllwrite", "stolensystemtoken", "dangerousenvvariable",
		"maliciouslowintegrity", "dangerouscomobject", "injectionviaapc"}
	memoryViolationActionNames = []string{"None", "Alert", "Block", "Terminate"}
)

func (d *Document) normalizeMemoryActions() error {
	if d.MemoryViolationActions == nil {
		d.MemoryViolationActions = &MemoryViolationActions{}
	}
	m := d.MemoryViolationActions
	for _, list := range []struct {
		name    string
		entries *[]MemoryViolationAction
		types   []string
		def     string
	}{
		{"memory_violations", &m.MemoryViolations, memoryViolationTypes, "Alert"},
		{"memory_violations_ext", &m.MemoryViolationsExt, memoryViolationTypesExt, "Alert"},
		{"memory_violations_ext_v2", &m.MemoryViolationsExtV2, memoryViolationTypesExtV2, "None"},
	} {
		seen, err := checkViolations("memoryviolation_actions."+list.name, *list.entries, list.types)
		if err != nil {
			return err
		}
		for _, t := range list.types {
			if !seen[t] {
				*list.entries = append(*list.entries, MemoryViolationAction{ViolationType: t, Action: list.def})
			}
		}
	}
	if m.ExclusionList == nil {
		m.ExclusionList = []string{}
	}
	if err := wolfden.CheckLength("memoryviolation_actions.memory_exclusion_list", len(m.ExclusionList), MaxPolicyListLength); err != nil {
		return err
	}
	for i, p := range m.ExclusionList {
		if strings.TrimSpace(p) == "" {
			return wolfden.FieldErrorf(fmt.Sprintf("memoryviolation_actions.memory_exclusion_list[%d]", i), "an excluded path must not be empty")
		}
	}
	if m.ExclusionListV2 == nil {
		m.ExclusionListV2 = []MemoryExclusion{}
	}
	if err := wolfden.CheckLength("memoryviolation_actions.memory_exclusion_list_v2", len(m.ExclusionListV2), MaxPolicyListLength); err != nil {
		return err
	}
	allTypes := concat(memoryViolationTypes, memoryViolationTypesExt, memoryViolationTypesExtV2)
	for i := range m.ExclusionListV2 {
		e := &m.ExclusionListV2[i]
		at := fmt.Sprintf("memoryviolation_actions.memory_exclusion_list_v2[%d]", i)
		if strings.TrimSpace(e.Path) == "" {
			return wolfden.FieldErrorf(at+".path", "path is required")
		}
		if e.Violations == nil {
			e.Violations = []MemoryViolationAction{}
		}
		if _, err := checkViolations(at+".violations", e.Violations, allTypes); err != nil {
			return err
		}
	}
	return nil
}

// checkViolations validates entries against types, each at most once,
// canonicalising spellings, and reports which types were given.
func checkViolations(field string, entries []MemoryViolationAction, types []string) (map[string]bool, error) {
	seen := map[string]bool{}
	for i := range entries {
		e := &entries[i]
		at := fmt.Sprintf("%s[%d]", field, i)
		var err error
		if e.ViolationType, err = wolfden.OneOf(at+".violation_type", e.ViolationType, types...); err != nil {
			return nil, err
		}
		if seen[e.ViolationType] {
			return nil, wolfden.FieldErrorf(at+".violation_type", "violation type %s is listed twice", e.ViolationType)
		}
		seen[e.ViolationType] = true
		if e.Action, err = wolfden.OneOf(at+".action", e.Action, memoryViolationActionNames...); err != nil {
			return nil, err
		}
		e.Order.AsString()
	}
	return seen, nil
}

func concat(lists ...[]string) []string {
	var all []string
	for _, l := range lists {
		all = append(all, l...)
	}
	return all
}

var scriptControlModes = []string{"Alert", "Block"}

// scriptMode validates a {control_mode} object, creating it when absent.
func scriptMode(field string, m **ScriptMode) error {
	if *m == nil {
		*m = &ScriptMode{ControlMode: "Alert"}
		return nil
	}
	var err error
	(*m).ControlMode, err = wolfden.OneOf(field+".control_mode", (*m).ControlMode, scriptControlModes...)
	return err
}

func (d *Document) normalizeScriptControl() error {
	if d.ScriptControl == nil {
		d.ScriptControl = &ScriptControl{}
	}
	sc := d.ScriptControl
	var err error
	if sc.GlobalSettings == nil {
		sc.GlobalSettings = &ScriptGlobalSettings{ControlMode: "Alert"}
	} else if sc.GlobalSettings.ControlMode, err = wolfden.OneOf("script_control.global_settings.control_mode",
		sc.GlobalSettings.ControlMode, scriptControlModes...); err != nil {
		return err
	}
	if sc.GlobalSettings.AllowedFolders == nil {
		sc.GlobalSettings.AllowedFolders = FolderList{}
	}
	if err := wolfden.CheckLength("script_control.global_settings.allowed_folders", len(sc.GlobalSettings.AllowedFolders), MaxPolicyListLength); err != nil {
		return err
	}
	if sc.PowerShellSettings == nil {
		sc.PowerShellSettings = &PowerShellSettings{ControlMode: "Alert", ConsoleMode: "Allow"}
	} else {
		ps := sc.PowerShellSettings
		if ps.ControlMode, err = wolfden.OneOf("script_control.powershell_settings.control_mode", ps.ControlMode, scriptControlModes...); err != nil {
			return err
		}
		if ps.ConsoleMode, err = wolfden.OneOf("script_control.powershell_settings.console_mode", ps.ConsoleMode, "Allow", "Block"); err != nil {
			return err
		}
	}
	if err := scriptMode("script_control.macro_settings", &sc.MacroSettings); err != nil {
		return err
	}
	return scriptMode("script_control.activescript_settings", &sc.ActiveScriptSettings)
}

var scriptExclusionTypes = []string{"", "VbScript", "Jscript", "Python", "DotnetDlr", "PowershellScript"}

func (d *Document) normalizeScriptControlV2() error {
	if d.ScriptControlV2 == nil {
		d.ScriptControlV2 = &ScriptControlV2{}
	}
	sc := d.ScriptControlV2
	if err := scriptMode("script_control_v2.dotnet_dlr_settings", &sc.DotnetDLRSettings); err != nil {
		return err
	}
	if err := scriptMode("script_control_v2.python_settings", &sc.PythonSettings); err != nil {
		return err
	}
	if sc.ExclusionList == nil {
		sc.ExclusionList = []ScriptExclusion{}
	}
	if err := wolfden.CheckLength("script_control_v2.exclusion_list", len(sc.ExclusionList), MaxPolicyListLength); err != nil {
		return err
	}
	for i := range sc.ExclusionList {
		e := &sc.ExclusionList[i]
		at := fmt.Sprintf("script_control_v2.exclusion_list[%d]", i)
		if strings.TrimSpace(e.Path) == "" {
			return wolfden.FieldErrorf(at+".path", "path is required")
		}
		var err error
		if e.Type, err = wolfden.OneOf(at+".type", e.Type, scriptExclusionTypes...); err != nil {
			return err
		}
	}
	return nil
}

// Device classes, and those that may be read-only.
var (
	deviceClasses         = []string{"AndroidUSB", "iOS", "StillImage", "USBCDDVDRW", "USBDrive", "VMWareMount", "WPD"}
	readOnlyDeviceClasses = []string{"StillImage", "USBCDDVDRW", "USBDrive", "VMWareMount", "WPD"}
	deviceControlModes    = []string{"FullAccess", "ReadOnly", "Block"}
)

func (d *Document) normalizeDeviceControl() error {
	if d.DeviceControl == nil {
		d.DeviceControl = &DeviceControl{}
		for _, c := range deviceClasses {
			d.DeviceControl.Configurations = append(d.DeviceControl.Configurations, DeviceClassConfig{DeviceClass: c, ControlMode: "FullAccess"})
		}
	}
	dc := d.DeviceControl
	seen := map[string]bool{}
	for i := range dc.Configurations {
		c := &dc.Configurations[i]
		at := fmt.Sprintf("device_control.configurations[%d]", i)
		var err error
		if c.DeviceClass, err = wolfden.OneOf(at+".device_class", c.DeviceClass, deviceClasses...); err != nil {
			return err
		}
		if seen[c.DeviceClass] {
			return wolfden.FieldErrorf(at+".device_class", "device class %s is listed twice", c.DeviceClass)
		}
		seen[c.DeviceClass] = true
		modes := deviceControlModes
		if !slices.Contains(readOnlyDeviceClasses, c.DeviceClass) {
			modes = []string{"FullAccess", "Block"}
		}
		if c.ControlMode, err = wolfden.OneOf(at+".control_mode", c.ControlMode, modes...); err != nil {
			return err
		}
	}
	// The vendor's rule: a device_control object lists every class.
	var missing []string
	for _, c := range deviceClasses {
		if !seen[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return wolfden.FieldErrorf("device_control.configurations", "every device class must be listed; missing %s", strings.Join(missing, ", "))
	}
	if dc.ExclusionList == nil {
		dc.ExclusionList = []DeviceControlExclusion{}
	}
	if err := wolfden.CheckLength("device_control.exclusion_list", len(dc.ExclusionList), MaxPolicyListLength); err != nil {
		return err
	}
	for i := range dc.ExclusionList {
		e := &dc.ExclusionList[i]
		at := fmt.Sprintf("device_control.exclusion_list[%d]", i)
		if !isHexID(e.VendorID) {
			return wolfden.FieldErrorf(at+".vendor_id", "vendor_id must be a hexadecimal id, not %q", e.VendorID)
		}
		if e.ProductID != nil && *e.ProductID != "" && !isHexID(*e.ProductID) {
			return wolfden.FieldErrorf(at+".product_id", "product_id must be a hexadecimal id, not %q", *e.ProductID)
		}
		if e.ControlMode != nil {
			mode, err := wolfden.OneOf(at+".control_mode", *e.ControlMode, deviceControlModes...)
			if err != nil {
				return err
			}
			e.ControlMode = &mode
		}
	}
	return nil
}

// isHexID: a USB vendor or product id, 1 to 4 hexadecimal digits.
func isHexID(s string) bool {
	if len(s) == 0 || len(s) > 4 {
		return false
	}
	_, err := hex.DecodeString(strings.Repeat("0", len(s)%2) + s)
	return err == nil
}

func (d *Document) normalizeAppControl() error {
	if d.AppControl == nil {
		d.AppControl = &AppControl{}
	}
	ac := d.AppControl
	if ac.ChangeWindowEnabled.IsZero() {
		ac.ChangeWindowEnabled = wolfden.Str("0")
	} else if err := checkInt("appcontrol.changewindow_enabled", &ac.ChangeWindowEnabled, 0, 1); err != nil {
		return err
	}
	if ac.AllowedFolders == nil {
		ac.AllowedFolders = []string{}
	}
	if err := wolfden.CheckLength("appcontrol.allowed_folders", len(ac.AllowedFolders), MaxPolicyListLength); err != nil {
		return err
	}
	if ac.Lockdown == nil {
		ac.Lockdown = []Lockdown{}
	}
	seen := map[string]bool{}
	for i := range ac.Lockdown {
		l := &ac.Lockdown[i]
		at := fmt.Sprintf("appcontrol.lockdown[%d]", i)
		var err error
		if l.LockdownType, err = wolfden.OneOf(at+".lockdown_type", l.LockdownType, "executionfromexternaldrives", "pechange"); err != nil {
			return err
		}
		if seen[l.LockdownType] {
			return wolfden.FieldErrorf(at+".lockdown_type", "lockdown type %s is listed twice", l.LockdownType)
		}
		seen[l.LockdownType] = true
		if l.Action, err = wolfden.OneOf(at+".action", l.Action, "deny", "allow"); err != nil {
			return err
		}
	}
	return nil
}

var dataPrivacyFields = []string{"hostname", "fqdn", "username", "ipv6", "mac_address", "distinguished_name",
	"active_directory_information", "file_owner", "file_path"}

func (d *Document) normalizeDataPrivacy() error {
	if d.DataPrivacy == nil {
		d.DataPrivacy = &DataPrivacy{}
	}
	seen := map[string]bool{}
	for i := range d.DataPrivacy.Fields {
		f := &d.DataPrivacy.Fields[i]
		at := fmt.Sprintf("data_privacy.data_privacy[%d]", i)
		var err error
		if f.Field, err = wolfden.OneOf(at+".field", f.Field, dataPrivacyFields...); err != nil {
			return err
		}
		if seen[f.Field] {
			return wolfden.FieldErrorf(at+".field", "field %s is listed twice", f.Field)
		}
		seen[f.Field] = true
		if err := checkInt(at+".enable", &f.Enable, 0, 1); err != nil {
			return err
		}
	}
	for _, name := range dataPrivacyFields {
		if !seen[name] {
			d.DataPrivacy.Fields = append(d.DataPrivacy.Fields, DataPrivacyField{Field: name, Enable: wolfden.Str("0")})
		}
	}
	return nil
}

func (d *Document) normalizePersona() error {
	if d.Persona == nil {
		d.Persona = &Persona{}
	}
	p := d.Persona
	if p.Mode.IsZero() {
		p.Mode = wolfden.Str("0")
	} else if err := checkInt("persona.mode", &p.Mode, 0, 1); err != nil {
		return err
	}
	if p.AdminWhitelist == nil {
		p.AdminWhitelist = []PersonaUser{}
	}
	if err := wolfden.CheckLength("persona.admin_whitelist", len(p.AdminWhitelist), MaxPolicyListLength); err != nil {
		return err
	}
	for i, u := range p.AdminWhitelist {
		if strings.TrimSpace(u.Username) == "" {
			return wolfden.FieldErrorf(fmt.Sprintf("persona.admin_whitelist[%d].username", i), "username is required")
		}
	}
	if p.MitigationActions == nil {
		p.MitigationActions = []MitigationAction{}
	}
	if err := wolfden.CheckLength("persona.mitigation_actions", len(p.MitigationActions), MaxPolicyListLength); err != nil {
		return err
	}
	for i := range p.MitigationActions {
		a := &p.MitigationActions[i]
		at := fmt.Sprintf("persona.mitigation_actions[%d]", i)
		a.ID.AsString()
		if err := checkInt(at+".threshold", &a.Threshold, 0, 100); err != nil {
			return err
		}
		var err error
		if a.Action, err = wolfden.OneOf(at+".action", a.Action, "promptUsernameAndPassword", "prompt2fa", "alertsOnly"); err != nil {
			return err
		}
		if a.Method, err = wolfden.OneOf(at+".method", a.Method, "duo", "google", "fido"); err != nil {
			return err
		}
	}
	return nil
}

func (d *Document) normalizeSoftwareInventory() error {
	if d.SoftwareInventory == nil {
		d.SoftwareInventory = &SoftwareInventory{}
	}
	si := d.SoftwareInventory
	return defaultInts("software_inventory", []intMember{
		{"enabled", &si.Enabled, "0", 0, 1}, {"full_report_hours", &si.FullReportHours, "24", 1, 8760},
	})
}

func (d *Document) normalizeLogPolicy() error {
	if d.LogPolicy == nil {
		d.LogPolicy = &LogPolicy{}
	}
	lp := d.LogPolicy
	switch lp.LogUpload.Kind() {
	case 0:
		lp.LogUpload = jsontext.Value("null")
	case 'n':
	case '"', '0':
		// "0" and "1" are strings in the vendor's document, whatever form they came in.
		switch string(lp.LogUpload) {
		case `"0"`, `0`:
			lp.LogUpload = jsontext.Value(`"0"`)
		case `"1"`, `1`:
			lp.LogUpload = jsontext.Value(`"1"`)
		default:
			return wolfden.FieldErrorf("logpolicy.log_upload", `log_upload must be null, "0", "1" or {"compress", "delete"}`)
		}
	case '{':
		var opts struct {
			Compress bool `json:"compress"`
			Delete   bool `json:"delete"`
		}
		if err := json.Unmarshal(lp.LogUpload, &opts, json.RejectUnknownMembers(true)); err != nil {
			return wolfden.FieldErrorf("logpolicy.log_upload", "log_upload as an object takes the booleans compress and delete")
		}
	default:
		return wolfden.FieldErrorf("logpolicy.log_upload", `log_upload must be null, "0", "1" or {"compress", "delete"}`)
	}
	return defaultInts("logpolicy", []intMember{
		{"maxlogsize", &lp.MaxLogSize, "100", 1, 1000000}, {"retentiondays", &lp.RetentionDays, "30", 1, 3650},
	})
}

// intMember is a numeric member of a section, with its default and range.
type intMember struct {
	name     string
	value    *wolfden.Scalar
	def      string
	min, max int
}

func defaultInts(section string, members []intMember) error {
	for _, m := range members {
		if m.value.IsZero() {
			*m.value = wolfden.Str(m.def)
			continue
		}
		if err := checkInt(section+"."+m.name, m.value, m.min, m.max); err != nil {
			return err
		}
	}
	return nil
}
