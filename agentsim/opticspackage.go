package agentsim

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Package is an OPTICS package (docs/api/packages.md): a Python script a
// tenant uploads to run on devices. It is created as metadata with the
// SHA-256 its file must have; the file is uploaded afterwards, within
// Timeout.
type Package struct {
	ID         uuid.UUID
	TenantID   uuid.UUID
	Category   string // PackageCustom for the tenant's own
	Checksum   string // SHA-256 of the file, upper-case hex
	Timeout    time.Duration
	Descriptor PackageDescriptor
	UploadedBy wolfden.Modifier
	UploadedOn time.Time // when it was created
	Upload     *PackageUpload
}

// PackageUpload is what was uploaded as a package's file.
type PackageUpload struct {
	At     time.Time
	Size   int64
	SHA256 string // upper-case hex
}

// PackageDescriptor describes a package; the JSON tags are its wire and
// stored form.
type PackageDescriptor struct {
	Name        string           `json:"name"`
	Description string           `json:"description"`
	Version     int              `json:"version"`
	Examples    []PackageExample `json:"examples"`
	PackageInfo PackageInfo      `json:"packageInfo"`
}

// MaxPackageExamples bounds a descriptor's examples, far above real ones
// (a few invocations).
const MaxPackageExamples = 100

type PackageExample struct {
	Description      string `json:"description"`
	InvocationString string `json:"invocationString"`
}

type PackageInfo struct {
	FileType   string `json:"fileType"`
	FileName   string `json:"fileName"`
	EntryPoint string `json:"entryPoint"`
}

// PackageStatus is where a package's upload stands.
type PackageStatus string

const (
	PackageStarted PackageStatus = "started" // waiting for the file
	PackageSuccess PackageStatus = "success" // the file's SHA-256 is the checksum
	PackageFailed  PackageStatus = "failed"  // it is not
	PackageTimeout PackageStatus = "timeout" // no file came within the timeout
)

// PackageStatuses lists every status.
var PackageStatuses = []PackageStatus{PackageStarted, PackageSuccess, PackageFailed, PackageTimeout}

// Package categories: the tenant's own, and the vendor's.
const (
	PackageCustom  = "custom"
	PackageCylance = "cylance"
)

// PackageSortFields are the fields the package list sorts by.
var PackageSortFields = []string{"packageId", "uploadedOn", "uploadedBy.id", "uploadedBy.login", "size", "status",
	"timeout", "packageDescriptor.name"}

// Package limits: the upload timeout when the request sets none, the
// longest one, and the largest file.
const (
	DefaultPackageTimeout = 900 * time.Second
	MaxPackageTimeout     = 24 * time.Hour
	MaxPackageSize        = 10 << 20
)

// PackageRequest is a create request.
type PackageRequest struct {
	Checksum   string
	Timeout    *int // seconds
	Descriptor *PackageDescriptor
}

// NewPackage validates a create request.
func NewPackage(tenantID uuid.UUID, req PackageRequest, by wolfden.Modifier, now time.Time) (*Package, error) {
	checksum := strings.ToUpper(strings.TrimSpace(req.Checksum))
	if b, err := hex.DecodeString(checksum); err != nil || len(b) != sha256.Size {
		return nil, wolfden.FieldErrorf("checksum", "checksum must be the file's SHA-256, 64 hexadecimal digits, not %q", req.Checksum)
	}
	p := &Package{ID: uuid.New(), TenantID: tenantID, Category: PackageCustom, Checksum: checksum,
		Timeout: DefaultPackageTimeout, UploadedBy: by, UploadedOn: now}
	if req.Timeout != nil {
		p.Timeout = time.Duration(*req.Timeout) * time.Second
		if *req.Timeout < 1 || p.Timeout > MaxPackageTimeout {
			return nil, wolfden.FieldErrorf("timeout", "timeout is the seconds allowed for the upload, 1 to %d, not %d",
				int(MaxPackageTimeout.Seconds()), *req.Timeout)
		}
	}
	d := req.Descriptor
	if d == nil {
		return nil, wolfden.FieldErrorf("packageDescriptor", "packageDescriptor is required")
	}
	d.Name = strings.TrimSpace(d.Name)
	switch {
	case d.Name == "":
		return nil, wolfden.FieldErrorf("packageDescriptor.name", "packageDescriptor.name is required")
	case len(d.Name) > 256:
		return nil, wolfden.FieldErrorf("packageDescriptor.name", "packageDescriptor.name is longer than 256 bytes")
	case d.Version < 1:
		return nil, wolfden.FieldErrorf("packageDescriptor.version", "packageDescriptor.version must be an integer from 1, not %d", d.Version)
	case !strings.EqualFold(d.PackageInfo.FileType, "python"):
		return nil, wolfden.FieldErrorf("packageDescriptor.packageInfo.fileType", "fileType must be python (packages are Python scripts), not %q",
			d.PackageInfo.FileType)
	}
	d.PackageInfo.FileType = "python"
	if d.Examples == nil {
		d.Examples = []PackageExample{}
	}
	if err := wolfden.CheckLength("packageDescriptor.examples", len(d.Examples), MaxPackageExamples); err != nil {
		return nil, err
	}
	p.Descriptor = *d
	return p, nil
}

// Deadline is when the upload times out.
func (p *Package) Deadline() time.Time { return p.UploadedOn.Add(p.Timeout) }

// Status is where the upload stood at at: the file counts once it came.
func (p *Package) Status(at time.Time) PackageStatus {
	switch {
	case p.Upload != nil && !p.Upload.At.After(at):
		if p.Upload.SHA256 == p.Checksum {
			return PackageSuccess
		}
		return PackageFailed
	case !at.Before(p.Deadline()):
		return PackageTimeout
	}
	return PackageStarted
}

// Size is the uploaded file's size, 0 before.
func (p *Package) Size() int64 {
	if p.Upload == nil {
		return 0
	}
	return p.Upload.Size
}

// AwaitsUpload answers EConflict unless the package takes an upload at
// now: none came yet, and the timeout has not passed.
func (p *Package) AwaitsUpload(now time.Time) error {
	if st := p.Status(now); st != PackageStarted {
		return wolfden.Errorf(wolfden.EConflict, "package %s takes no upload: its upload status is %s", p.ID, st)
	}
	return nil
}

// Receive takes content as the package's file at now: once, and only
// before the timeout (EConflict otherwise). The status follows from the
// content's SHA-256.
func (p *Package) Receive(content []byte, now time.Time) error {
	if err := p.AwaitsUpload(now); err != nil {
		return err
	}
	if len(content) > MaxPackageSize {
		return wolfden.Errorf(wolfden.EInvalid, "a package file is at most %d bytes", MaxPackageSize)
	}
	p.Upload = &PackageUpload{At: now, Size: int64(len(content)), SHA256: HashesOf(content).SHA256}
	return nil
}

// PackageQuery selects and orders the package list. Status filters and
// sorts by the status at Now.
type PackageQuery struct {
	Category string        // "" for every category
	Status   PackageStatus // "" for every status
	Order    wolfden.SortOrder
	Now      time.Time
}
