package api

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
	"github.com/wolfden/wolfden/store"
)

const packageUploadPrefix = "/packageuploads/"

// bodyLimit bounds a request's body: a package file may be larger than
// any document of the API.
func (s *Server) bodyLimit(r *http.Request) int64 {
	if r.Method == http.MethodPut && strings.HasPrefix(r.URL.Path, packageUploadPrefix) {
		return max(s.maxBody, agentsim.MaxPackageSize)
	}
	return s.maxBody
}

var packagePages = pageLimits{def: 20, max: 200}

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
	UploadedOn        rfc3339               `json:"uploadedOn"`
	PackageDescriptor packageDescriptorJSON `json:"packageDescriptor"`
}

type packageDescriptorJSON struct {
	PackageID string `json:"packageId"`
	agentsim.PackageDescriptor
}

// packageURL is a package's download link.
func (s *Server) packageURL(r *http.Request, p *agentsim.Package) (string, error) {
	return s.signedURL(r, fmt.Sprintf("/packagefiles/%s/%s", p.TenantID, p.ID))
}

func (s *Server) newPackageJSON(r *http.Request, p *agentsim.Package) (packageJSON, error) {
	url, err := s.packageURL(r, p)
	return packageJSON{PackageID: p.ID.String(), Category: p.Category, Status: string(p.Status(s.now())),
		Timeout: int(p.Timeout / time.Second), Size: p.Size(), DownloadURL: url, UploadedBy: newModifierJSON(p.UploadedBy),
		UploadedOn: rfc3339(p.UploadedOn), PackageDescriptor: packageDescriptorJSON{p.ID.String(), p.Descriptor}}, err
}

func (s *Server) writePackage(w http.ResponseWriter, r *http.Request, p *agentsim.Package) error {
	out, err := s.newPackageJSON(r, p)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, out)
	return nil
}

// listPackages lists packages, newest first unless sort says otherwise,
// optionally of one category and one status.
func (s *Server) listPackages(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := parsePage(r, packagePages)
	if err != nil {
		return err
	}
	q := agentsim.PackageQuery{Now: s.now()}
	if q.Order, err = parseSort(r, agentsim.PackageSortFields, wolfden.SortOrder{Key: "uploadedOn", Desc: true}); err != nil {
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
	return writeLinkedPage(s, w, r, req, page, s.newPackageJSON)
}

func findPackage(r *http.Request, t store.TenantStore) (*agentsim.Package, error) {
	id, err := pathID(r, "package", "package")
	if err != nil {
		return nil, err
	}
	return t.Package(r.Context(), id)
}

func (s *Server) getPackage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	p, err := findPackage(r, t)
	if err != nil {
		return err
	}
	return s.writePackage(w, r, p)
}

// deletePackage answers 200 with an empty body; 409 while an execution
// runs the package.
func (s *Server) deletePackage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, err := pathID(r, "package", "package")
	if err != nil {
		return err
	}
	if err := t.DeletePackage(r.Context(), id); err != nil {
		return err
	}
	writeEmpty(w)
	return nil
}

type packageCreateBody struct {
	Checksum          string                      `json:"checksum"`
	Timeout           *int                        `json:"timeout"`
	PackageDescriptor *agentsim.PackageDescriptor `json:"packageDescriptor"`
}

// createPackage stores a package's metadata and answers where to upload
// its file (uploadTo) and where it is served once uploaded (packageUrl).
func (s *Server) createPackage(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var body packageCreateBody
	if err := decodeJSON(r, &body); err != nil {
		return err
	}
	by, err := modifier(r, t)
	if err != nil {
		return err
	}
	req := agentsim.PackageRequest{Checksum: body.Checksum, Timeout: body.Timeout, Descriptor: body.PackageDescriptor}
	p, err := agentsim.NewPackage(t.TenantID(), req, by, s.now())
	if err != nil {
		return err
	}
	if err := t.CreatePackage(r.Context(), p); err != nil {
		return err
	}
	uploadTo, err := s.signedURLUntil(r, fmt.Sprintf("%s%s/%s", packageUploadPrefix, p.TenantID, p.ID), p.Deadline())
	if err != nil {
		return err
	}
	packageURL, err := s.packageURL(r, p)
	if err != nil {
		return err
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		PackageID  string `json:"packageId"`
		UploadTo   string `json:"uploadTo"`
		PackageURL string `json:"packageUrl"`
	}{p.ID.String(), uploadTo, packageURL})
	return nil
}

// linkedPackageID is the {package} of a signed package link.
func linkedPackageID(r *http.Request) uuid.UUID {
	id, _ := wolfden.ParseID(pathParam(r, "package"))
	return id
}

// MaxConcurrentUploads bounds the package uploads read at once, each of
// up to wolfden.MaxPackageSize in memory; one more is answered 429.
const MaxConcurrentUploads = 4

// uploadRetryAfter is what an upload over MaxConcurrentUploads is told to
// wait.
const uploadRetryAfter = time.Second

// uploadPackageFile takes the body of a PUT to uploadTo as the package's
// file, once, and answers the package: status success when its SHA-256
// is the checksum, failed otherwise. A link that is spent or expired, or
// a body over the limit, is answered before any of the body is read, so
// that replaying a link costs no memory.
func (s *Server) uploadPackageFile(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, now := linkedPackageID(r), s.now()
	p, err := t.Package(r.Context(), id)
	if err != nil {
		return err
	}
	if err := p.AwaitsUpload(now); err != nil {
		return err
	}
	if limit := s.bodyLimit(r); r.ContentLength > limit {
		return &http.MaxBytesError{Limit: limit}
	}
	select {
	case s.uploads <- struct{}{}:
		defer func() { <-s.uploads }()
	default:
		return &rateLimited{what: "package uploads at once", retryAfter: uploadRetryAfter}
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
	return s.writePackage(w, r, p)
}

// downloadPackageFile serves a package's file once it was uploaded
// successfully, named as its descriptor names it.
func (s *Server) downloadPackageFile(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id := linkedPackageID(r)
	p, err := t.Package(r.Context(), id)
	if err != nil {
		return err
	}
	if st := p.Status(s.now()); st != agentsim.PackageSuccess {
		return wolfden.Errorf(wolfden.ENotFound, "package %s has no file to serve: its upload status is %s", id, st)
	}
	content, err := t.PackageFile(r.Context(), id)
	if err != nil {
		return err
	}
	if name := p.Descriptor.PackageInfo.FileName; name != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	writeDownload(w, "text/x-python", content)
	return nil
}
