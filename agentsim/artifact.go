package agentsim

import (
	"cmp"
	"crypto/md5"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wolfden/wolfden"
)

// In the real product an agent answers InstaQueries and focus views from
// what it recorded on its device. wolfden's agents record nothing, so what
// they "saw" is derived from what the store knows about the device — its
// OS, user and addresses — and the convicted files it reported (its
// threats). The derivation is a pure function of that data: the same
// device answers the same artifacts, with the same UIDs, every time.
//
// Each device has the session of its OS (a root process that starts the
// user's shell, with their image files), and each threat on it is a story:
// the shell wrote the file and started it as a process, which opened a
// network connection and, on Windows, made itself a Run-key persistence
// point.

// The artifact types of OPTICS (InstaQuery artifact, focus view
// artifact_type).
const (
	ArtifactFile              = "File"
	ArtifactProcess           = "Process"
	ArtifactNetworkConnection = "NetworkConnection"
	ArtifactRegistryKey       = "RegistryKey"
	ArtifactDevice            = "Device" // the device itself, in focus graphs
)

// ArtifactTimeLayout is how artifacts write times ("2024-04-30T16:20:00.000Z").
const ArtifactTimeLayout = "2006-01-02T15:04:05.000Z"

// Artifact is something an agent observed on its device.
type Artifact struct {
	UID        string // 16 bytes in base64, as the vendor writes artifact UIDs
	Type       string
	Properties map[string]string
	Observed   time.Time
	// Story is the index of the threat the artifact comes from, or -1 for
	// the OS session.
	Story int
	// ParentUID is the process that started, wrote or opened it ("" for
	// the session's root process).
	ParentUID string
}

// OSFamily is the family of a device's OS: Windows, macOS or Linux.
// A device whose OS does not say is taken for Windows, as most are.
func OSFamily(osVersion string) string {
	v := strings.ToLower(osVersion)
	switch {
	case strings.Contains(v, "mac") || strings.Contains(v, "os x") || strings.Contains(v, "darwin"):
		return "macOS"
	case slices.ContainsFunc([]string{"linux", "ubuntu", "debian", "centos", "red hat", "rhel", "amazon", "suse", "fedora", "oracle", "rocky", "alma"},
		func(s string) bool { return strings.Contains(v, s) }):
		return "Linux"
	}
	return "Windows"
}

// osSession is the user session of an OS family: its root process, which
// starts the user's shell, and who signs their images.
var osSession = map[string]struct{ root, shell, signer string }{
	"Windows": {`C:\Windows\System32\userinit.exe`, `C:\Windows\explorer.exe`, "Microsoft Corporation"},
	"Linux":   {"/usr/sbin/sshd", "/usr/bin/bash", ""},
	"macOS":   {"/sbin/launchd", "/System/Library/CoreServices/Finder.app/Contents/MacOS/Finder", "Apple Inc."},
}

// ArtifactUID derives a UID from what identifies an artifact on a device.
func ArtifactUID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return base64.StdEncoding.EncodeToString(sum[:16])
}

// ArtifactKey is the form in which artifact UIDs are compared: clients
// send them in base64 (as InstaQuery results print them) or as 32
// hexadecimal digits (as focus view examples do), and python-cyapi
// upper-cases every id it sends, base64 included. So the key is the base64
// form, upper-cased: the same for all three. Folding the case of 16 random
// bytes' base64 leaves them as good as unique.
func ArtifactKey(uid string) string {
	uid = strings.TrimSpace(uid)
	if b, err := hex.DecodeString(uid); err == nil && len(b) == 16 {
		uid = base64.StdEncoding.EncodeToString(b)
	}
	return strings.ToUpper(uid)
}

// digest is a hexadecimal digest of parts, upper-case, standing in for the
// hash of a file wolfden never saw.
func digest(size int, parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	if size == md5.Size {
		m := md5.Sum(sum[:])
		return strings.ToUpper(hex.EncodeToString(m[:]))
	}
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// pick is a number in [0, n) drawn from parts.
func pick(n int, parts ...string) int {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return int(binary.BigEndian.Uint32(sum[:4]) % uint32(n))
}

// baseName is the last element of a Windows or POSIX path.
func baseName(path string) string { return path[strings.LastIndexAny(path, `\/`)+1:] }

// fileType guesses what a file is from its name.
func fileType(path string) string {
	name := strings.ToLower(baseName(path))
	ext := name[strings.LastIndexByte(name, '.')+1:]
	switch {
	case !strings.Contains(name, "."):
		return "Executable/ELF"
	case slices.Contains([]string{"exe", "dll", "sys", "scr", "com", "cpl"}, ext):
		return "Executable/PE"
	case slices.Contains([]string{"ps1", "vbs", "js", "bat", "cmd", "hta", "sh", "py"}, ext):
		return "Script"
	case slices.Contains([]string{"doc", "docx", "docm", "xls", "xlsx", "xlsm", "pdf", "rtf"}, ext):
		return "Document"
	case slices.Contains([]string{"zip", "rar", "7z", "gz", "iso"}, ext):
		return "Archive"
	}
	return "Unknown"
}

// DeviceArtifacts is what the agent of d observed: its OS session, then the
// story of each threat, oldest first.
func DeviceArtifacts(d *wolfden.Device, threats []wolfden.DeviceThreat) []Artifact {
	family := OSFamily(d.OSVersion)
	device := d.ID.String()
	system, user := "root", d.LastLoggedInUser
	if family == "Windows" {
		system = `NT AUTHORITY\SYSTEM`
	}
	if user == "" {
		user = system
	}
	threats = slices.Clone(threats)
	slices.SortFunc(threats, func(a, b wolfden.DeviceThreat) int {
		return cmp.Or(a.DateFound.Compare(b.DateFound), strings.Compare(a.SHA256, b.SHA256), strings.Compare(a.FilePath, b.FilePath))
	})
	// The session started when the device registered, or before the
	// first threat its shell wrote.
	start := d.Registered
	if len(threats) > 0 && threats[0].DateFound.Before(start) {
		start = threats[0].DateFound
	}
	var (
		out    []Artifact
		parent string
	)
	session := osSession[family]
	for i, path := range []string{session.root, session.shell} {
		owner := system
		if i == 1 {
			owner = user
		}
		file := fileArtifact(device, path, digest(md5.Size, d.OSVersion, path), digest(sha256.Size, d.OSVersion, path),
			int64(200_000+pick(4_000_000, d.OSVersion, path)), owner, start, -1, parent, session.signer)
		proc := processArtifact(device, family, path, file, owner, start, -1, parent)
		out = append(out, file, proc)
		parent = proc.UID
	}
	shell := parent

	for story, t := range threats {
		signature := ""
		if t.Signed {
			signature = t.CertPublisher
		}
		file := fileArtifact(device, t.FilePath, t.MD5, t.SHA256, t.FileSize, user, t.DateFound, story, shell, signature)
		proc := processArtifact(device, family, t.FilePath, file, user, t.DateFound, story, shell)
		out = append(out, file, proc, connectionArtifact(d, proc, t.SHA256, story))
		if family == "Windows" {
			out = append(out, persistenceArtifact(device, proc, t.FilePath, t.MD5, story))
		}
	}
	return out
}

func fileArtifact(device, path, md5Hex, sha256Hex string, size int64, owner string, at time.Time, story int, parent, signature string) Artifact {
	return Artifact{
		UID: ArtifactUID(device, ArtifactFile, path), Type: ArtifactFile, Observed: at, Story: story, ParentUID: parent,
		Properties: map[string]string{
			"Path": path, "Md5": md5Hex, "Sha256": sha256Hex, "Size": strconv.FormatInt(size, 10), "Owner": owner,
			"OwnerUid": ArtifactUID(device, "Owner", owner), "CreationDateTime": at.UTC().Format(ArtifactTimeLayout),
			"SuspectedFileType": fileType(path), "FileSignature": signature,
		},
	}
}

func processArtifact(device, family, path string, image Artifact, owner string, at time.Time, story int, parent string) Artifact {
	commandLine := path
	if family == "Windows" {
		commandLine = `"` + path + `"`
	}
	return Artifact{
		UID: ArtifactUID(device, ArtifactProcess, path, image.Properties["Sha256"]), Type: ArtifactProcess, Observed: at,
		Story: story, ParentUID: parent,
		Properties: map[string]string{
			"Name": baseName(path), "Commandline": commandLine, "PrimaryImagePath": path,
			"PrimaryImageMd5": image.Properties["Md5"], "PrimaryImageUid": image.UID,
			"StartDateTime": at.UTC().Format(ArtifactTimeLayout), "Owner": owner,
			"Pid": strconv.Itoa(4 * (100 + pick(16_000, device, path))),
		},
	}
}

// connectionArtifact is the connection a threat's process opened: from one
// of the device's addresses to a documentation-range address (RFC 5737)
// and a port drawn from the file's hash.
func connectionArtifact(d *wolfden.Device, proc Artifact, sha string, story int) Artifact {
	source := ""
	if len(d.IPAddresses) > 0 {
		source = d.IPAddresses[pick(len(d.IPAddresses), sha)]
	}
	ranges := []string{"192.0.2", "198.51.100", "203.0.113"}
	dest := fmt.Sprintf("%s.%d", ranges[pick(len(ranges), sha, "net")], 1+pick(254, sha, "host"))
	ports := []int{443, 80, 8080, 8443, 4444, 53}
	port := strconv.Itoa(ports[pick(len(ports), sha, "port")])
	return Artifact{
		UID: ArtifactUID(d.ID.String(), ArtifactNetworkConnection, proc.UID, dest, port), Type: ArtifactNetworkConnection,
		Observed: proc.Observed, Story: story, ParentUID: proc.UID,
		Properties: map[string]string{
			"DestAddr": dest, "DestPort": port, "SourceAddr": source,
			"SourcePort": strconv.Itoa(49152 + pick(16384, d.ID.String(), sha)), "Protocol": "TCP",
			"ProcessName": proc.Properties["Name"], "ProcessUid": proc.UID,
		},
	}
}

// persistenceArtifact is the Run key a threat's process set to start
// again at logon.
func persistenceArtifact(device string, proc Artifact, path, md5Hex string, story int) Artifact {
	const key = `HKEY_CURRENT_USER\Software\Microsoft\Windows\CurrentVersion\Run`
	name := baseName(path)
	if dot := strings.LastIndexByte(name, '.'); dot > 0 {
		name = name[:dot]
	}
	return Artifact{
		UID: ArtifactUID(device, ArtifactRegistryKey, key, name), Type: ArtifactRegistryKey, Observed: proc.Observed,
		Story: story, ParentUID: proc.UID,
		Properties: map[string]string{
			"Path": key, "ValueName": name, "ValueData": `"` + path + `"`, "ProcessName": proc.Properties["Name"],
			"ProcessPrimaryImagePath": path, "ProcessUid": proc.UID, "FilePath": path, "FileMd5": md5Hex,
			"IsPersistencePoint": "true",
		},
	}
}
