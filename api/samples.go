package api

import (
	"archive/zip"
	"bytes"
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/wolfden/wolfden"
)

// sampleLinkLifetime is how long a sample download link works.
const sampleLinkLifetime = 10 * time.Minute

// threatDownloadURL is GET /threats/v2/download/{sha256}: a short-lived
// link to the sample, on this server, that needs no bearer token (clients
// download it with a plain GET, as from the vendor's storage).
func (s *Server) threatDownloadURL(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	if _, err := t.Threat(r.Context(), sha); err != nil {
		return err
	}
	exp := s.now().Add(sampleLinkLifetime).Unix()
	sig, err := s.sampleSignature(r, t.TenantID().String(), sha, exp)
	if err != nil {
		return err
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	s.writeJSON(w, r, http.StatusOK, struct {
		URL string `json:"url"`
	}{fmt.Sprintf("%s://%s/samples/%s/%s.zip?exp=%d&sig=%s", scheme, r.Host, t.TenantID(), sha, exp, sig)})
	return nil
}

func (s *Server) sampleSignature(r *http.Request, tenant, sha string, exp int64) (string, error) {
	mac, err := s.auth.MAC(r.Context(), fmt.Appendf(nil, "sample|%s|%s|%d", tenant, sha, exp))
	return hex.EncodeToString(mac), err
}

// downloadSample serves a link threatDownloadURL made: a ZIP holding one
// member named with the upper-case SHA-256. wolfden holds no real
// malware, so the member is a harmless text that stands in for the file.
func (s *Server) downloadSample(w http.ResponseWriter, r *http.Request) {
	err := func() error {
		notFound := wolfden.Errorf(wolfden.ENotFound, "no sample at %s: the link is wrong or has expired", r.URL.Path)
		tenant, ok := wolfden.ParseID(pathParam(r, "tenant"))
		sha, ok2 := wolfden.ParseSHA256(pathParam(r, "sha256"))
		exp, err := strconv.ParseInt(r.URL.Query().Get("exp"), 10, 64)
		if !ok || !ok2 || err != nil || s.now().Unix() > exp {
			return notFound
		}
		want, err := s.sampleSignature(r, tenant.String(), sha, exp)
		if err != nil {
			return err
		}
		if !hmac.Equal([]byte(want), []byte(r.URL.Query().Get("sig"))) {
			return notFound
		}
		th, err := s.store.ForTenant(tenant).Threat(r.Context(), sha)
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		f, err := zw.Create(sha)
		if err != nil {
			return err
		}
		fmt.Fprintf(f, "wolfden simulated sample\nsha256: %s\nmd5: %s\nname: %s\nclassification: %s/%s\n",
			th.SHA256, th.MD5, th.Name, th.Classification, th.SubClassification)
		if err := zw.Close(); err != nil {
			return err
		}
		w.Header().Set("Content-Type", "application/zip")
		w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
		w.Write(buf.Bytes())
		return nil
	}()
	if err != nil {
		s.writeError(w, r, err)
	}
}
