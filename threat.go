package wolfden

import (
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"
)

// FileStatus is the state of a convicted file on one device.
type FileStatus string

const (
	FileDefault     FileStatus = "Default" // found, not acted on: unsafe
	FileQuarantined FileStatus = "Quarantined"
	FileWhitelisted FileStatus = "Whitelisted" // waived
	FileSuspicious  FileStatus = "Suspicious"  // abnormal
	FileRemoved     FileStatus = "File Removed"
	FileCorrupt     FileStatus = "Corrupt"
)

var fileStatuses = []FileStatus{FileDefault, FileQuarantined, FileWhitelisted, FileSuspicious, FileRemoved, FileCorrupt}

// ParseFileStatus parses a status in any case.
func ParseFileStatus(s string) (FileStatus, bool) {
	return Canonical(s, fileStatuses)
}

// Effective is the status the console shows once the global lists apply:
// a file still unsafe on the device is quarantined by the global
// quarantine list and allowed by the global safe list.
func (s FileStatus) Effective(quarantined, safelisted bool) FileStatus {
	if s != FileDefault && s != FileSuspicious {
		return s
	}
	switch {
	case quarantined:
		return FileQuarantined
	case safelisted:
		return FileWhitelisted
	}
	return s
}

// Outstanding reports whether a file in this status leaves its device unsafe.
func (s FileStatus) Outstanding() bool { return s == FileDefault || s == FileSuspicious }

// Threat is a convicted file, by SHA-256, as the tenant knows it.
type Threat struct {
	SHA256            string // upper-case
	MD5               string // upper-case
	Name              string
	Classification    string
	SubClassification string
	CylanceScore      float64
	FileSize          int64
	DetectedBy        string
	Signed            bool
	CertIssuer        string
	CertPublisher     string
	AutoRun           bool
	Running           bool
	// Sample is the file as its download hands it out, when a report gave
	// it (nil otherwise). Only ThreatSample reads it back: lists and
	// lookups leave it nil.
	Sample *Sample
	// Derived from the devices that reported it and the global lists.
	FirstFound        time.Time
	LastFound         time.Time
	GlobalQuarantined bool
	Safelisted        bool
}

// DeviceThreat is a threat found at one path on one device.
type DeviceThreat struct {
	Threat
	DeviceID  uuid.UUID
	FilePath  string
	Status    FileStatus // as stored; Effective applies the global lists
	DateFound time.Time
}

// ThreatReport is what an agent reports when it finds a convicted file.
type ThreatReport struct {
	SHA256            string
	MD5               string
	Name              string
	FilePath          string
	FileSize          int64
	CylanceScore      *float64
	Classification    string
	SubClassification string
	DetectedBy        string
	FileStatus        string
	DateFound         *time.Time
	// The file's bytes, which the sample download hands out: Content as
	// is (nil when not given), or, with SampleSeed, FileSize bytes of text
	// generated from the seed. Either one fixes SHA256, MD5 and FileSize,
	// which may then be left out.
	Content    []byte
	SampleSeed *uint64
}

// NewDeviceThreat validates a report from the device deviceID.
func NewDeviceThreat(deviceID uuid.UUID, r ThreatReport, now time.Time) (*DeviceThreat, error) {
	sample, err := reportedSample(r)
	if err != nil {
		return nil, err
	}
	if sample != nil {
		if r.SHA256, r.MD5, err = sampleHashes(sample, r.SHA256, r.MD5); err != nil {
			return nil, err
		}
		r.FileSize = sample.Size()
	}
	sha, ok := ParseSHA256(r.SHA256)
	if !ok {
		return nil, FieldErrorf("sha256", "%q is not a SHA-256 (64 hexadecimal digits)", r.SHA256)
	}
	md5 := strings.ToUpper(r.MD5)
	if _, err := hex.DecodeString(md5); err != nil || len(md5) != 0 && len(md5) != 32 {
		return nil, FieldErrorf("md5", "%q is not an MD5 (32 hexadecimal digits)", r.MD5)
	}
	if strings.TrimSpace(r.FilePath) == "" {
		return nil, FieldErrorf("file_path", "file_path is required")
	}
	if r.FileSize < 0 {
		return nil, FieldErrorf("file_size", "file_size must not be negative")
	}
	score := -1.0
	if r.CylanceScore != nil {
		score = *r.CylanceScore
	}
	if score < -1 || score > 1 {
		return nil, FieldErrorf("cylance_score", "cylance_score must be between -1 and 1")
	}
	status := FileDefault
	if r.FileStatus != "" {
		if status, ok = ParseFileStatus(r.FileStatus); !ok {
			return nil, FieldErrorf("file_status", "%q is not a file status", r.FileStatus)
		}
	}
	name := r.Name
	if name == "" {
		name = r.FilePath[strings.LastIndexAny(r.FilePath, `\/`)+1:]
	}
	found := now
	if r.DateFound != nil {
		found = r.DateFound.UTC()
	}
	detectedBy := r.DetectedBy
	if detectedBy == "" {
		detectedBy = "File Watcher"
	}
	return &DeviceThreat{
		Threat: Threat{SHA256: sha, MD5: md5, Name: name, Classification: r.Classification,
			SubClassification: r.SubClassification, CylanceScore: score, FileSize: r.FileSize, DetectedBy: detectedBy,
			Sample: sample},
		DeviceID: deviceID, FilePath: r.FilePath, Status: status, DateFound: found,
	}, nil
}

// reportedSample is the sample a report gives, if any.
func reportedSample(r ThreatReport) (*Sample, error) {
	switch {
	case r.Content != nil && r.SampleSeed != nil:
		return nil, FieldErrorf("sample_seed", "give content or sample_seed, not both")
	case r.Content != nil:
		if len(r.Content) > MaxSampleContent {
			return nil, FieldErrorf("content", "content is at most %d bytes; a larger file takes sample_seed and file_size", MaxSampleContent)
		}
		if r.FileSize != 0 && r.FileSize != int64(len(r.Content)) {
			return nil, FieldErrorf("file_size", "file_size %d is not the length of content (%d bytes)", r.FileSize, len(r.Content))
		}
		return &Sample{Content: r.Content}, nil
	case r.SampleSeed != nil:
		if r.FileSize < MinGeneratedSampleSize || r.FileSize > MaxGeneratedSampleSize {
			return nil, FieldErrorf("file_size", "a sample generated from sample_seed takes a file_size between %d and %d bytes",
				MinGeneratedSampleSize, MaxGeneratedSampleSize)
		}
		return &Sample{Generated: &GeneratedSample{Seed: *r.SampleSeed, Size: r.FileSize}}, nil
	}
	return nil, nil
}

// sampleHashes are the hashes of the sample; a report that gives them too
// must give these.
func sampleHashes(s *Sample, sha, md5 string) (string, string, error) {
	gotSHA, gotMD5 := s.Hashes()
	if sha != "" && !strings.EqualFold(sha, gotSHA) {
		return "", "", FieldErrorf("sha256", "%q is not the SHA-256 of the sample (%s)", sha, gotSHA)
	}
	if md5 != "" && !strings.EqualFold(md5, gotMD5) {
		return "", "", FieldErrorf("md5", "%q is not the MD5 of the sample (%s)", md5, gotMD5)
	}
	return gotSHA, gotMD5, nil
}
