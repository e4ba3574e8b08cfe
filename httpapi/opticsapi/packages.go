package opticsapi

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/metrics"
	"github.com/wolfden/wolfden/store"
)

var packagePages = rest.PageLimits{Default: 20, Max: 200}

// packageJSON is a package. playbookCount is 0: wolfden has no playbooks.
type packageJSON struct {
	PackageID         string                `json:"packageId"`
	Category          string                `json:"category"`
	Status            string                `json:"status"`
	Timeout           int                   `json:"timeout"`
	Size              int64                 `json:"size"`
	DownloadURL       string                `json:"downloadUrl"`
	PlaybookCount     int                   `json:"playbookCount"`
	UploadedBy        modifierJSON          `json:"uploadedBy"`
	UploadedOn        rest.Rfc3339          `json:"uploadedOn"`
	PackageDescriptor packageDescriptorJSON `json:"packageDescriptor"`
}

type packageDescriptorJSON struct {
	PackageID string `json:"packageId"`
	agentsim.PackageDescriptor
}

// PackageURL is a package's download link.
func (s *Handlers) PackageURL(r *http.Request, p *agentsim.Package) (string, error) {
	return s.SignedURL(r, fmt.Sprintf("/packagefiles/%s/%s", p.TenantID, p.ID))
}

func (s *Handlers) NewPackageJSON(r *http.Request, p *agentsim.Package) (packageJSON, error) {
	url, err := s.PackageURL(r, p)
	return packageJSON{PackageID: p.ID.String(), Category: p.Category, Status: string(p.Status(s.Now())),
		Timeout: int(p.Timeout / time.Second), Size: p.Size(), DownloadURL: url, UploadedBy: newModifierJSON(p.UploadedBy),
		UploadedOn: rest.Rfc3339(p.UploadedOn), PackageDescriptor: packageDescriptorJSON{p.ID.String(), p.Descriptor}}, err
}

func (s *Handlers) WritePackage(w http.ResponseWriter, r *http.Request, p *agentsim.Package) error {
	out, err := s.NewPackageJSON(r, p)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, out)
	return nil
}

// ListPackages lists packages, newest first unless sort says otherwise,
// optionally of one category and one status.
func (s *Handlers) ListPackages(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, packagePages)
	if err != nil {
		return err
	}
	q := agentsim.PackageQuery{Now: s.Now()}
	if q.Order, err = rest.ParseSort(r, agentsim.PackageSortFields, wolfden.SortOrder{Key: "uploadedOn", Desc: true}); err != nil {
		return err
	}
	if v := r.URL.Query().Get("category"); v != "" {
		if q.Category = strings.ToLower(v); q.Category != agentsim.PackageCustom && q.Category != agentsim.PackageCylance {
			return wolfden.FieldErrorf("category", "category is custom or cylance, not %q", v)
		}
	}
	if v := r.URL.Query().Get("status"); v != "" {
		q.Status = agentsim.PackageStatus(strings.ToLower(v))
		if !slices.Contains(agentsim.PackageStatuses, q.Status) {
			return wolfden.FieldErrorf("status", "status is started, success, failed or timeout, not %q", v)
		}
	}
	page, err := t.Packages(r.Context(), q, req)
	if err != nil {
		return err
	}
	return rest.WriteLinkedPage(s.Core, w, r, req, page, s.NewPackageJSON)
}

func findPackage(r *http.Request, t store.TenantStore) (*agentsim.Package, error) {
	id, err := rest.PathID(r, "package", "package")
	if err != nil {
		return nil, err
	}
	return t.Package(r.Context(), id)
}

func (s *Handlers) GetPackage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	p, err := findPackage(r, t)
	if err != nil {
		return err
	}
	return s.WritePackage(w, r, p)
}

// DeletePackage answers 200 with an empty body; 409 while an execution
// runs the package.
func (s *Handlers) DeletePackage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := rest.PathID(r, "package", "package")
	if err != nil {
		return err
	}
	if err := t.DeletePackage(r.Context(), id); err != nil {
		return err
	}
	rest.WriteEmpty(w)
	return nil
}

type packageCreateBody struct {
	Checksum          string                      `json:"checksum"`
	Timeout           *int                        `json:"timeout"`
	PackageDescriptor *agentsim.PackageDescriptor `json:"packageDescriptor"`
}

// CreatePackage stores a package's metadata and answers where to upload
// its file (uploadTo) and where it is served once uploaded (packageUrl).
func (s *Handlers) CreatePackage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var body packageCreateBody
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	by, err := modifier(r, t)
	if err != nil {
		return err
	}
	req := agentsim.PackageRequest{Checksum: body.Checksum, Timeout: body.Timeout, Descriptor: body.PackageDescriptor}
	p, err := agentsim.NewPackage(t.TenantID(), req, by, s.Now())
	if err != nil {
		return err
	}
	if err := t.CreatePackage(r.Context(), p); err != nil {
		return err
	}
	uploadTo, err := s.SignedURLUntil(r, fmt.Sprintf("%s%s/%s", rest.PackageUploadPrefix, p.TenantID, p.ID), p.Deadline())
	if err != nil {
		return err
	}
	packageURL, err := s.PackageURL(r, p)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, struct {
		PackageID  string `json:"packageId"`
		UploadTo   string `json:"uploadTo"`
		PackageURL string `json:"packageUrl"`
	}{p.ID.String(), uploadTo, packageURL})
	return nil
}

// linkedPackageID is the {package} of a signed package link.
func linkedPackageID(r *http.Request) uuid.UUID {
	id, _ := wolfden.ParseID(rest.PathParam(r, "package"))
	return id
}

// uploadRetryAfter is what an upload over MaxConcurrentUploads is told to
// wait.
const uploadRetryAfter = time.Second

// UploadPackageFile takes the body of a PUT to uploadTo as the package's
// file, once, and answers the package: status success when its SHA-256
// is the checksum, failed otherwise. A link that is spent or expired, or
// a body over the limit, is answered before any of the body is read, so
// that replaying a link costs no memory.
func (s *Handlers) UploadPackageFile(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, now := linkedPackageID(r), s.Now()
	p, err := t.Package(r.Context(), id)
	if err != nil {
		return err
	}
	if err := p.AwaitsUpload(now); err != nil {
		return err
	}
	if limit := s.BodyLimit(r); r.ContentLength > limit {
		return &http.MaxBytesError{Limit: limit}
	}
	select {
	case s.Uploads <- struct{}{}:
		defer func() { <-s.Uploads }()
	default:
		return &rest.RateLimited{What: "package uploads at once", RetryAfter: uploadRetryAfter, Limiter: metrics.LimitUploads}
	}
	var body bytes.Buffer
	if r.ContentLength > 0 {
		body.Grow(int(r.ContentLength) + bytes.MinRead) // room to see EOF without growing
	}
	if _, err := body.ReadFrom(r.Body); err != nil {
		return err
	}
	content := body.Bytes()
	p, err = t.UploadPackage(r.Context(), id, content, func(p *agentsim.Package) error { return p.Receive(content, now) })
	if err != nil {
		return err
	}
	return s.WritePackage(w, r, p)
}

// DownloadPackageFile serves a package's file once it was uploaded
// successfully, named as its descriptor names it.
func (s *Handlers) DownloadPackageFile(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id := linkedPackageID(r)
	p, err := t.Package(r.Context(), id)
	if err != nil {
		return err
	}
	if st := p.Status(s.Now()); st != agentsim.PackageSuccess {
		return wolfden.Errorf(wolfden.ENotFound, "package %s has no file to serve: its upload status is %s", id, st)
	}
	content, err := t.PackageFile(r.Context(), id)
	if err != nil {
		return err
	}
	if name := p.Descriptor.PackageInfo.FileName; name != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	rest.WriteDownload(w, "text/x-python", content)
	return nil
}
