package httpapi

import (
	"net/http"
	"strconv"
	"sync"

	"github.com/wolfden/wolfden/openapi"
)

// The machine-readable contract (package openapi): the document as JSON
// and YAML, its servers naming this server's public URL, and a page that
// renders it. No token: it holds no tenant data.
const (
	openapiJSONPath = "/openapi.json"
	openapiYAMLPath = "/openapi.yaml"
	openapiPagePath = "/openapi"
)

// contract is the document for this server, rendered on the first request
// for it: rendering takes tens of milliseconds, which a server that is
// never asked (every test's) should not spend starting.
type contract struct {
	json, yaml func() ([]byte, error)
}

func newContract(publicURL string) *contract {
	return &contract{
		json: sync.OnceValues(func() ([]byte, error) { return openapi.JSON(publicURL) }),
		yaml: sync.OnceValues(func() ([]byte, error) { return openapi.YAML(publicURL) }),
	}
}

func (s *Server) openapiJSON(w http.ResponseWriter, r *http.Request) {
	s.writeDocument(w, r, "application/json; charset=utf-8", s.contract.json)
}

func (s *Server) openapiYAML(w http.ResponseWriter, r *http.Request) {
	s.writeDocument(w, r, "application/yaml; charset=utf-8", s.contract.yaml)
}

func (s *Server) openapiPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
	writeBytes(w, "text/html; charset=utf-8", openapi.Viewer)
}

// writeDocument answers the rendered document; the embedded sources
// assemble (openapi's tests rule a failure out), so an error is a 500.
func (s *Server) writeDocument(w http.ResponseWriter, r *http.Request, contentType string, render func() ([]byte, error)) {
	b, err := render()
	if err != nil {
		s.WriteError(w, r, err)
		return
	}
	writeBytes(w, contentType, b)
}

func writeBytes(w http.ResponseWriter, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}
