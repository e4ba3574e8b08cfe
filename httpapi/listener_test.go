package httpapi_test

import (
	"bufio"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

// What net/http answers by itself, before any handler, is a JSON error too.
func TestRequestsNetHTTPRefusesAnswerJSON(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		h := newHarness(t, b, harnessOptions{})
		host := strings.TrimPrefix(h.url, "http://")
		for _, tt := range []struct {
			name, request string
			status        int
		}{
			{"bad escape", "GET /x/%zz HTTP/1.1\r\nHost: " + host + "\r\n\r\n", 400},
			{"no host", "GET /users/v2 HTTP/1.1\r\n\r\n", 400},
			{"huge header", "GET /users/v2 HTTP/1.1\r\nHost: " + host + "\r\nX-Big: " +
				strings.Repeat("x", http.DefaultMaxHeaderBytes+8192) + "\r\n\r\n", 431},
			{"transfer encoding", "POST /users/v2 HTTP/1.1\r\nHost: " + host + "\r\nTransfer-Encoding: gzip\r\n\r\n", 501},
			{"version", "GET /users/v2 HTTP/2.0\r\nHost: " + host + "\r\n\r\n", 505},
		} {
			t.Run(tt.name, func(t *testing.T) {
				res := rawRequest(t, host, tt.request)
				if res.StatusCode != tt.status {
					t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
				}
				var body struct {
					Message   string `json:"message"`
					RequestID string `json:"request_id"`
				}
				raw, _ := io.ReadAll(res.Body)
				if err := json.Unmarshal(raw, &body); err != nil || body.Message == "" {
					t.Fatalf("body %q is not a JSON error: %v", raw, err)
				}
				if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				if id := res.Header.Get("X-Request-Id"); id == "" || id != body.RequestID {
					t.Errorf("X-Request-Id %q, body's request_id %q", id, body.RequestID)
				}
			})
		}
		// A good request on the same server is untouched.
		res := rawRequest(t, host, "GET /users/v2 HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
		if res.StatusCode != http.StatusUnauthorized {
			t.Errorf("status %d, want 401", res.StatusCode)
		}
	})
}

// rawRequest writes request as it is on a new connection and reads the
// answer.
func rawRequest(t *testing.T, host, request string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	go io.WriteString(conn, request) // the server may answer before it has read it all
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	return res
}
