package httpapi

import (
	"net/http"
	"strconv"

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

// contract is the document, rendered once for this server.
type contract struct {
	json, yaml []byte
}

func newContract(publicURL string) (*contract, error) {
	j, err := openapi.JSON(publicURL)
	if err != nil {
		return nil, err
	}
	y, err := openapi.YAML(publicURL)
	if err != nil {
		return nil, err
	}
	return &contract{json: j, yaml: y}, nil
}

func (s *Server) openapiJSON(w http.ResponseWriter, r *http.Request) {
	writeDocument(w, "application/json; charset=utf-8", s.contract.json)
}

func (s *Server) openapiYAML(w http.ResponseWriter, r *http.Request) {
	writeDocument(w, "application/yaml; charset=utf-8", s.contract.yaml)
}

func (s *Server) openapiPage(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'")
	writeDocument(w, "text/html; charset=utf-8", openapi.Viewer)
}

func writeDocument(w http.ResponseWriter, contentType string, b []byte) {
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.Write(b)
}
