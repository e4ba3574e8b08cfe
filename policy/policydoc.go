package policy

import (
	"errors"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden"
)

// Document is a device policy as the API reads and writes it
// (docs/api/policies.md). It is the vendor's format, so it carries its JSON
// names, and it is also what storage keeps. Members wolfden does not know
// are kept in Unknown and written back verbatim: clients GET a policy,
// change one item and PUT the whole document back.
type Document struct {
	PolicyID               string                  `json:"policy_id"`
	PolicyName             string                  `json:"policy_name"`
	Timestamp              string                  `json:"policy_utctimestamp"`
	Checksum               string                  `json:"checksum"`
	Settings               []Setting               `json:"policy"`
	FileTypeActions        *FileTypeActions        `json:"filetype_actions"`
	FileExclusions         []FileExclusion         `json:"file_exclusions"`
	MemoryViolationActions *MemoryViolationActions `json:"memoryviolation_actions"`
	ScriptControl          *ScriptControl          `json:"script_control"`
	ScriptControlV2        *ScriptControlV2        `json:"script_control_v2"`
	DeviceControl          *DeviceControl          `json:"device_control"`
	AppControl             *AppControl             `json:"appcontrol"`
	DataPrivacy            *DataPrivacy            `json:"data_privacy"`
	Persona                *Persona                `json:"persona"`
	SoftwareInventory      *SoftwareInventory      `json:"software_inventory"`
	LogPolicy              *LogPolicy              `json:"logpolicy"`
	Unknown                jsontext.Value          `json:",embed"`
}

// Bounds of a policy document's lists, far above what consoles hold (the
// SDK's exclusion templates add a few to tens of paths): a document cannot
// grow without limit. A hash safe list may be long, so it has its own.
const (
	MaxPolicyListLength     = 2000  // policy[], and each list of paths, folders, users or actions
	MaxPolicyFileExclusions = 10000 // file_exclusions
)

// Setting is one name/value pair of the flat settings list. Values
// are strings, null or (scan_exception_list) an array: kept raw. A known
// setting always has a value; an unknown one is written back as it came,
// with or without one.
type Setting struct {
	Name    string         `json:"name"`
	Value   jsontext.Value `json:"value,omitzero"`
	Unknown jsontext.Value `json:",embed"`
}

type FileTypeActions struct {
	SuspiciousFiles []FileTypeAction `json:"suspicious_files"` // abnormal
	ThreatFiles     []FileTypeAction `json:"threat_files"`     // unsafe
	Unknown         jsontext.Value   `json:",embed"`
}

type FileTypeAction struct {
	FileType string         `json:"file_type"`
	Actions  wolfden.Scalar `json:"actions"`
	Unknown  jsontext.Value `json:",embed"`
}

// FileExclusion is an entry of the policy safe list. Only the hash is
// checked; the rest (names, scores, category) is kept as given.
type FileExclusion struct {
	FileHash string         `json:"file_hash"`
	Unknown  jsontext.Value `json:",embed"`
}

type MemoryViolationActions struct {
	MemoryViolations      []MemoryViolationAction `json:"memory_violations"`
	MemoryViolationsExt   []MemoryViolationAction `json:"memory_violations_ext"`
	MemoryViolationsExtV2 []MemoryViolationAction `json:"memory_violations_ext_v2"`
	ExclusionList         []string                `json:"memory_exclusion_list"`
	ExclusionListV2       []MemoryExclusion       `json:"memory_exclusion_list_v2"`
	Unknown               jsontext.Value          `json:",embed"`
}

type MemoryViolationAction struct {
	ViolationType string         `json:"violation_type"`
	Action        string         `json:"action"`
	Order         wolfden.Scalar `json:"order,omitzero"`
	Unknown       jsontext.Value `json:",embed"`
}

type MemoryExclusion struct {
	Path       string                  `json:"path"`
	Violations []MemoryViolationAction `json:"violations"`
	Unknown    jsontext.Value          `json:",embed"`
}

type ScriptControl struct {
	GlobalSettings       *ScriptGlobalSettings `json:"global_settings"`
	PowerShellSettings   *PowerShellSettings   `json:"powershell_settings"`
	MacroSettings        *ScriptMode           `json:"macro_settings"`
	ActiveScriptSettings *ScriptMode           `json:"activescript_settings"`
	Unknown              jsontext.Value        `json:",embed"`
}

type ScriptGlobalSettings struct {
	ControlMode    string         `json:"control_mode"`
	AllowedFolders FolderList     `json:"allowed_folders"`
	Unknown        jsontext.Value `json:",embed"`
}

type PowerShellSettings struct {
	ControlMode string         `json:"control_mode"`
	ConsoleMode string         `json:"console_mode"`
	Unknown     jsontext.Value `json:",embed"`
}

type ScriptMode struct {
	ControlMode string         `json:"control_mode"`
	Unknown     jsontext.Value `json:",embed"`
}

type ScriptControlV2 struct {
	DotnetDLRSettings *ScriptMode       `json:"dotnet_dlr_settings"`
	PythonSettings    *ScriptMode       `json:"python_settings"`
	ExclusionList     []ScriptExclusion `json:"exclusion_list"`
	Unknown           jsontext.Value    `json:",embed"`
}

type ScriptExclusion struct {
	Path    string         `json:"path"`
	Type    string         `json:"type"`
	Unknown jsontext.Value `json:",embed"`
}

type DeviceControl struct {
	Configurations []DeviceClassConfig      `json:"configurations"`
	ExclusionList  []DeviceControlExclusion `json:"exclusion_list"`
	Unknown        jsontext.Value           `json:",embed"`
}

type DeviceClassConfig struct {
	DeviceClass string         `json:"device_class"`
	ControlMode string         `json:"control_mode"`
	Unknown     jsontext.Value `json:",embed"`
}

type DeviceControlExclusion struct {
	VendorID     string         `json:"vendor_id"`
	ProductID    *string        `json:"product_id,omitzero"`
	SerialNumber *string        `json:"serial_number,omitzero"`
	ControlMode  *string        `json:"control_mode,omitzero"`
	Comment      *string        `json:"comment,omitzero"`
	DateAdded    *string        `json:"date_added,omitzero"`
	Unknown      jsontext.Value `json:",embed"`
}

type AppControl struct {
	ChangeWindowEnabled wolfden.Scalar `json:"changewindow_enabled"`
	AllowedFolders      []string       `json:"allowed_folders"`
	Lockdown            []Lockdown     `json:"lockdown"`
	Unknown             jsontext.Value `json:",embed"`
}

type Lockdown struct {
	LockdownType string         `json:"lockdown_type"`
	Action       string         `json:"action"`
	Unknown      jsontext.Value `json:",embed"`
}

type DataPrivacy struct {
	Fields  []DataPrivacyField `json:"data_privacy"`
	Unknown jsontext.Value     `json:",embed"`
}

type DataPrivacyField struct {
	Field   string         `json:"field"`
	Enable  wolfden.Scalar `json:"enable"`
	Unknown jsontext.Value `json:",embed"`
}

type Persona struct {
	Mode              wolfden.Scalar     `json:"mode"`
	AdminWhitelist    []PersonaUser      `json:"admin_whitelist"`
	MitigationActions []MitigationAction `json:"mitigation_actions"`
	Unknown           jsontext.Value     `json:",embed"`
}

type PersonaUser struct {
	Username string         `json:"username"`
	Unknown  jsontext.Value `json:",embed"`
}

type MitigationAction struct {
	ID        wolfden.Scalar `json:"id"`
	Threshold wolfden.Scalar `json:"threshold"`
	Action    string         `json:"action"`
	Method    string         `json:"method"`
	Unknown   jsontext.Value `json:",embed"`
}

type SoftwareInventory struct {
	Enabled         wolfden.Scalar `json:"enabled"`
	FullReportHours wolfden.Scalar `json:"full_report_hours"`
	Unknown         jsontext.Value `json:",embed"`
}

// LogPolicy's log_upload occurs as null, "0"/"1" and {compress, delete}:
// kept raw.
type LogPolicy struct {
	LogUpload     jsontext.Value `json:"log_upload"`
	MaxLogSize    wolfden.Scalar `json:"maxlogsize"`
	RetentionDays wolfden.Scalar `json:"retentiondays"`
	Unknown       jsontext.Value `json:",embed"`
}

// FolderList is a list of folders; some clients send "" for none.
type FolderList []string

func (f *FolderList) UnmarshalJSON(b []byte) error {
	if string(b) == `""` {
		*f = FolderList{}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return errors.New(`expected an array of strings (or "" for none)`)
	}
	*f = list
	return nil
}

// CanonicalJSON is the document's stable encoding: what storage keeps and
// what the checksum covers.
func (d *Document) CanonicalJSON() ([]byte, error) {
	return json.Marshal(d, json.Deterministic(true))
}
