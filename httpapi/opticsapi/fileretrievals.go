package opticsapi

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/agentsim"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/internal/zipcrypto"
	"github.com/wolfden/wolfden/store"
)

// fileRetrievalJSON is a file retrieval (docs/api/devicecommands.md); the
// single-object routes wrap it in {"data": …}, the history does not.
// download_url, password and the hashes are null until the file is
// AVAILABLE; the link is made afresh on each read and works for
// linkLifetime.
type fileRetrievalJSON struct {
	TenantID              string       `json:"tenant_id"`
	UserID                string       `json:"user_id"`
	UserLogin             string       `json:"user_login"`
	DeviceID              string       `json:"device_id"`
	Hostname              string       `json:"hostname"`
	CreatedAt             rest.Rfc3339 `json:"created_at"`
	FilePath              string       `json:"filepath"`
	FileStatus            string       `json:"file_status"`
	FileStatusDescription string       `json:"file_status_description"`
	DownloadURL           *string      `json:"download_url"`
	Password              *string      `json:"password"`
	MD5                   *string      `json:"md5"`
	SHA1                  *string      `json:"sha1"`
	SHA256                *string      `json:"sha256"`
	CorrelationID         string       `json:"correlation_id"`
}

func (s *Handlers) NewFileRetrievalJSON(r *http.Request, f *agentsim.FileRetrieval) (fileRetrievalJSON, error) {
	result := f.Result(s.Agents, s.Now())
	out := fileRetrievalJSON{TenantID: f.TenantID.String(), UserID: f.RequestedBy.ID.String(), UserLogin: f.RequestedBy.Login,
		DeviceID: wolfden.OpticsID(f.DeviceID), Hostname: f.Device.HostName, CreatedAt: rest.Rfc3339(f.Created),
		FilePath: f.FilePath, FileStatus: string(result.Status), FileStatusDescription: result.Description,
		CorrelationID: wolfden.OpticsID(f.ID)}
	if result.Status != agentsim.RetrievalAvailable {
		return out, nil
	}
	url, err := s.SignedURL(r, retrievedFilePath(f))
	if err != nil {
		return out, err
	}
	hashes := agentsim.HashesOf(f.Content())
	out.DownloadURL, out.Password = &url, &f.Password
	out.MD5, out.SHA1, out.SHA256 = &hashes.MD5, &hashes.SHA1, &hashes.SHA256
	return out, nil
}

// retrievedFilePath is where a retrieved file's archive is served.
func retrievedFilePath(f *agentsim.FileRetrieval) string {
	return fmt.Sprintf("/retrieved/%s/%s.zip", f.TenantID, wolfden.OpticsID(f.ID))
}

// WriteFileRetrieval answers {"data": f}.
func (s *Handlers) WriteFileRetrieval(w http.ResponseWriter, r *http.Request, f *agentsim.FileRetrieval) error {
	out, err := s.NewFileRetrievalJSON(r, f)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, struct {
		Data fileRetrievalJSON `json:"data"`
	}{out})
	return nil
}

type filePathBody struct {
	FilePath string `json:"file_path"`
}

// RequestFile is POST …/getfile. Asking again for a path whose retrieval
// is still PENDING answers that retrieval rather than starting another;
// once it has an outcome, asking again starts a new one.
func (s *Handlers) RequestFile(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var body filePathBody
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	id, err := rest.PathID(r, "device", "device")
	if err != nil {
		return err
	}
	by, err := modifier(r, t)
	if err != nil {
		return err
	}
	now := s.Now()
	f, err := agentsim.NewFileRetrieval(t.TenantID(), id, body.FilePath, by, now)
	if err != nil {
		return err
	}
	f, err = t.RequestFileRetrieval(r.Context(), f, func(latest *agentsim.FileRetrieval) bool {
		return latest.Result(s.Agents, now).Status == agentsim.RetrievalPending
	})
	if err != nil {
		return err
	}
	return s.WriteFileRetrieval(w, r, f)
}

// FileStatus is POST …/getfile:get: the latest retrieval of the body's
// path on the device.
func (s *Handlers) FileStatus(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	var body filePathBody
	if err := rest.DecodeJSON(r, &body); err != nil {
		return err
	}
	path := strings.TrimSpace(body.FilePath) // as getfile stores it
	if path == "" {
		return wolfden.FieldErrorf("file_path", "file_path is required")
	}
	d, err := commandDevice(r, t)
	if err != nil {
		return err
	}
	f, err := t.LatestFileRetrieval(r.Context(), d.ID, path)
	if wolfden.CodeOf(err) == wolfden.ENotFound {
		return wolfden.Errorf(wolfden.ENotFound, "no retrieval of %q was requested from device %s", path, wolfden.OpticsID(d.ID))
	}
	if err != nil {
		return err
	}
	return s.WriteFileRetrieval(w, r, f)
}

var retrievalPages = rest.PageLimits{Default: 20, Max: 200}

// ListRetrievedFiles is GET /devicecommands/v2/retrieved_files: the
// tenant's retrievals, newest first unless sort says otherwise, q
// matching path or host name.
func (s *Handlers) ListRetrievedFiles(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	req, err := rest.ParsePage(r, retrievalPages)
	if err != nil {
		return err
	}
	order, err := rest.ParseSort(r, agentsim.FileRetrievalSortFields, wolfden.SortOrder{Key: "created_at", Desc: true})
	if err != nil {
		return err
	}
	page, err := t.FileRetrievals(r.Context(), r.URL.Query().Get("q"), order, req)
	if err != nil {
		return err
	}
	return rest.WriteLinkedPage(s.Core, w, r, req, page, s.NewFileRetrievalJSON)
}

// DownloadRetrievedFile serves a retrieved file's link: a ZIP encrypted
// with the retrieval's password, holding the file under its name.
func (s *Handlers) DownloadRetrievedFile(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	id, _ := wolfden.ParseID(rest.PathParam(r, "retrieval"))
	f, err := t.FileRetrieval(r.Context(), id)
	if err != nil {
		return err
	}
	if f.Result(s.Agents, s.Now()).Status != agentsim.RetrievalAvailable {
		return wolfden.Errorf(wolfden.ENotFound, "retrieval %s has no file", wolfden.OpticsID(f.ID))
	}
	return zipcrypto.WriteEncryptedZip(w, f.FileName(), zipcrypto.BytesContent(f.Content()), f.Password)
}
