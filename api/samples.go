package api

import (
	"fmt"
	"net/http"

	"github.com/wolfden/wolfden"
)

// threatDownloadURL is GET /threats/v2/download/{sha256}: a short-lived
// link to the sample.
func (s *Server) threatDownloadURL(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	if _, err := t.Threat(r.Context(), sha); err != nil {
		return err
	}
	return s.writeLink(w, r, fmt.Sprintf("/samples/%s/%s.zip", t.TenantID(), sha))
}

// samplePassword encrypts sample archives, as the vendor's (threats.md).
const samplePassword = "infected"

// downloadSample serves a sample link: a ZIP encrypted with "infected",
// holding one member named with the upper-case SHA-256. wolfden holds no
// real malware, so the member is a harmless text that stands in for the
// file.
func (s *Server) downloadSample(w http.ResponseWriter, r *http.Request, t wolfden.TenantStore) error {
	sha, _ := wolfden.ParseSHA256(pathParam(r, "sha256"))
	th, err := t.Threat(r.Context(), sha)
	if err != nil {
		return err
	}
	content := fmt.Appendf(nil, "wolfden simulated sample\nsha256: %s\nmd5: %s\nname: %s\nclassification: %s/%s\n",
		th.SHA256, th.MD5, th.Name, th.Classification, th.SubClassification)
	return writeEncryptedZip(w, sha, content, samplePassword)
}
