package rest

import (
	"crypto/hmac"
	"encoding/hex"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// Download links (threat samples, agent installers) are served by wolfden
// itself and, like the vendor's storage links, need no bearer token: they
// carry an expiry and a signature, with the server key, of their path and
// expiry.

// linkLifetime is how long a download link works.
const linkLifetime = 10 * time.Minute

// SignedURL is an absolute link to path on this server, at its public
// URL, valid for linkLifetime.
func (s *Core) SignedURL(r *http.Request, path string) (string, error) {
	return s.SignedURLUntil(r, path, s.Now().Add(linkLifetime))
}

// SignedURLUntil is an absolute link to path on this server, at its
// public URL, valid until expires (to the second). The signature covers
// path as the server sees it, after a proxy strips the public URL's
// prefix.
func (s *Core) SignedURLUntil(r *http.Request, path string, expires time.Time) (string, error) {
	exp := expires.Unix()
	sig, err := s.LinkSignature(r, path, exp)
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("%s%s?exp=%d&sig=%s", s.Public, path, exp, sig), nil
}

func (s *Core) LinkSignature(r *http.Request, path string, exp int64) (string, error) {
	mac, err := s.Auth.MAC(r.Context(), fmt.Appendf(nil, "link|%s|%d", path, exp))
	return hex.EncodeToString(mac), err
}

// WriteLink answers {"url": …}, a signed link to path.
func (s *Core) WriteLink(w http.ResponseWriter, r *http.Request, path string) error {
	url, err := s.SignedURL(r, path)
	if err != nil {
		return err
	}
	s.WriteJSON(w, r, http.StatusOK, struct {
		URL string `json:"url"`
	}{url})
	return nil
}

// CheckLink answers ENotFound unless the request is a link signedURL made
// that has not expired.
func (s *Core) CheckLink(r *http.Request) error {
	notFound := wolfden.Errorf(wolfden.ENotFound, "nothing at %s: the link is wrong or has expired", r.URL.Path)
	exp, err := strconv.ParseInt(r.URL.Query().Get("exp"), 10, 64)
	if err != nil || s.Now().Unix() > exp {
		return notFound
	}
	want, err := s.LinkSignature(r, r.URL.Path, exp)
	if err != nil {
		return err
	}
	if !hmac.Equal([]byte(want), []byte(r.URL.Query().Get("sig"))) {
		return notFound
	}
	return nil
}

// Linked adapts an operation into the route of a signed link: no bearer
// token, the signature instead, and the {tenant} of the path, which the
// signature covers.
func (s *Core) Linked(fn Operation) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := s.CheckLink(r)
		if err == nil {
			tenant, _ := wolfden.ParseID(PathParam(r, "tenant"))
			NoteTenant(r, tenant, uuid.Nil)
			err = fn(w, r, s.Store.ForTenant(tenant))
		}
		if err != nil {
			s.WriteError(w, r, err)
		}
	})
}

// WriteDownload answers a file.
func WriteDownload(w http.ResponseWriter, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}
