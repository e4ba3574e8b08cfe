package agentsim

import (
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// FileRetrieval is a request to fetch a file from a device
// (docs/api/devicecommands.md). The simulated agent carries it out on the
// AgentSchedule; what it finds follows from the device's data (Result).
type FileRetrieval struct {
	ID          uuid.UUID // the correlation id
	TenantID    uuid.UUID
	DeviceID    uuid.UUID
	FilePath    string
	Password    string // opens the archive of the file
	RequestedBy wolfden.Modifier
	Created     time.Time
	// Device is what the agent knows; the store fills it on reads.
	Device RetrievalDevice
}

// RetrievalDevice is what decides a retrieval's outcome: the device's host
// name, system and availability, and the threat it reported at the path.
type RetrievalDevice struct {
	HostName  string
	OSVersion string
	Offline   *time.Time
	// Threat is the status of a threat the device reported at the path
	// (with the global lists applied), nil when it reported none there.
	Threat *wolfden.FileStatus
}

// RetrievalStatus is the file_status of a retrieval.
type RetrievalStatus string

const (
	RetrievalPending      RetrievalStatus = "PENDING"
	RetrievalAvailable    RetrievalStatus = "AVAILABLE"
	RetrievalDoesNotExist RetrievalStatus = "DOES_NOT_EXIST"
)

// FileRetrievalSortFields are the fields the retrieval history sorts by.
var FileRetrievalSortFields = []string{"created_at", "filepath", "hostname", "device_id", "user_id", "user_login"}

// MaxFilePathLength bounds a requested path (Windows' long-path limit).
const MaxFilePathLength = 32767

var (
	windowsPath = regexp.MustCompile(`^([A-Za-z]:[\\/]|\\\\)`)
	// pathEndsInFolder: a path naming a folder, not a file.
	pathEndsInFolder = regexp.MustCompile(`[\\/]$`)
)

// NewFileRetrieval validates a request for the file at path of a device.
func NewFileRetrieval(tenantID, deviceID uuid.UUID, path string, by wolfden.Modifier, now time.Time) (*FileRetrieval, error) {
	path = strings.TrimSpace(path)
	switch {
	case path == "":
		return nil, wolfden.FieldErrorf("file_path", "file_path is required")
	case len(path) > MaxFilePathLength:
		return nil, wolfden.FieldErrorf("file_path", "file_path is longer than %d bytes", MaxFilePathLength)
	case !windowsPath.MatchString(path) && !strings.HasPrefix(path, "/"):
		return nil, wolfden.FieldErrorf("file_path", "%q is not an absolute path: give C:\\… or \\\\server\\… for Windows, /… otherwise", path)
	case pathEndsInFolder.MatchString(path):
		return nil, wolfden.FieldErrorf("file_path", "%q names a folder; give a file", path)
	}
	return &FileRetrieval{ID: uuid.New(), TenantID: tenantID, DeviceID: deviceID, FilePath: path,
		Password: wolfden.NewPassword(), RequestedBy: by, Created: now}, nil
}

// RetrievalResult is a retrieval's status, with a description when the
// file was not found.
type RetrievalResult struct {
	Status      RetrievalStatus
	Description string
}

// Result is where the retrieval stands at now: PENDING until the agent has
// carried it out (an offline device does not answer), then AVAILABLE, or
// DOES_NOT_EXIST when the path cannot name a file on the device — a
// Windows path on a device of another system or the reverse — or names a
// threat the agent quarantined or removed. Any other file is found.
func (f *FileRetrieval) Result(agents Schedule, now time.Time) RetrievalResult {
	if agents.Progress(f.Created, f.Device.Offline, now) != CommandCompleted {
		return RetrievalResult{Status: RetrievalPending}
	}
	system := f.Device.OSVersion
	onWindows := strings.Contains(strings.ToLower(system), "windows")
	windowsStyle := windowsPath.MatchString(f.FilePath)
	missing := func(format string, args ...any) RetrievalResult {
		return RetrievalResult{Status: RetrievalDoesNotExist, Description: fmt.Sprintf(format, args...)}
	}
	switch {
	case system != "" && onWindows && !windowsStyle:
		return missing("%s is not a Windows path, and %s runs %s", f.FilePath, f.Device.HostName, system)
	case system != "" && !onWindows && windowsStyle:
		return missing("%s is a Windows path, and %s runs %s", f.FilePath, f.Device.HostName, system)
	case f.Device.Threat != nil && (*f.Device.Threat == wolfden.FileQuarantined || *f.Device.Threat == wolfden.FileRemoved):
		return missing("the agent on %s found a threat at %s and its status there is %s", f.Device.HostName, f.FilePath, *f.Device.Threat)
	}
	return RetrievalResult{Status: RetrievalAvailable}
}

// Content is the file as wolfden retrieves it. wolfden holds no real
// files: it is a short text standing in for the file, the same for every
// retrieval of one path on one device, so its hashes are those of what a
// client downloads.
func (f *FileRetrieval) Content() []byte {
	return fmt.Appendf(nil, "wolfden simulated file\ndevice: %s\nhost: %s\npath: %s\n",
		wolfden.OpticsID(f.DeviceID), f.Device.HostName, f.FilePath)
}

// FileName is the last element of the path.
func (f *FileRetrieval) FileName() string {
	return f.FilePath[strings.LastIndexAny(f.FilePath, `\/`)+1:]
}

// FileHashes are a file's MD5, SHA-1 and SHA-256, upper-case hex.
type FileHashes struct{ MD5, SHA1, SHA256 string }

// HashesOf hashes b.
func HashesOf(b []byte) FileHashes {
	m, s1, s2 := md5.Sum(b), sha1.Sum(b), sha256.Sum256(b)
	return FileHashes{MD5: strings.ToUpper(hex.EncodeToString(m[:])), SHA1: strings.ToUpper(hex.EncodeToString(s1[:])),
		SHA256: strings.ToUpper(hex.EncodeToString(s2[:]))}
}
