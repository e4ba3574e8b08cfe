package protectapi

import (
	"fmt"
	"net/http"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/internal/zipcrypto"
	"github.com/wolfden/wolfden/store"
)

// ThreatDownloadURL is GET /threats/v2/download/{sha256}: a short-lived
// link to the sample.
func (s *Handlers) ThreatDownloadURL(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	sha, err := threatHash(r)
	if err != nil {
		return err
	}
	if _, err := t.Threat(r.Context(), sha); err != nil {
		return err
	}
	return s.WriteLink(w, r, fmt.Sprintf("/samples/%s/%s.zip", t.TenantID(), sha))
}

// samplePassword encrypts sample archives; it is the vendor's
// (docs/api/threats.md).
const samplePassword = "infected"

// DownloadSample serves a sample link: a ZIP encrypted with "infected",
// holding one member named with the upper-case SHA-256: the threat's
// sample, made on the spot when it is generated (see wolfden.Sample).
func (s *Handlers) DownloadSample(w http.ResponseWriter, r *http.Request, t store.TenantStore) error {
	sha, _ := wolfden.ParseSHA256(rest.PathParam(r, "sha256"))
	th, err := t.ThreatSample(r.Context(), sha)
	if err != nil {
		return err
	}
	return zipcrypto.WriteEncryptedZip(w, sha, th.WriteSample, samplePassword)
}
