package httpapi

import (
	"bytes"
	"crypto/rand"
	"net"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"github.com/wolfden/wolfden/httpapi/rest"
)

// NewListener wraps l so that the answers net/http writes by itself, before
// any handler sees the request, are JSON errors like every other: a request
// line it cannot parse (a bad %-escape in the path), header fields over
// http.Server.MaxHeaderBytes (431), a missing Host header, an unsupported
// transfer encoding (501). Serve the API's http.Server on it. Under TLS it
// must wrap the TLS listener, not the TCP one beneath.
func NewListener(l net.Listener) net.Listener { return jsonErrorListener{l} }

type jsonErrorListener struct{ net.Listener }

func (l jsonErrorListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return jsonErrorConn{c}, nil
}

type jsonErrorConn struct{ net.Conn }

func (c jsonErrorConn) Write(b []byte) (int, error) {
	if answer, ok := rewritePlainError(b); ok {
		_, err := c.Conn.Write(answer)
		return len(b), err
	}
	return c.Conn.Write(b)
}

// plainErrorHeaders follow the status line of net/http's own error answers
// and of nothing else: a handler's answer has its header fields sorted,
// with Connection before Content-Type, and ours always has X-Request-Id
// and Date.
const plainErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// rewritePlainError turns one of net/http's plain-text error answers,
// written in one piece as "HTTP/1.1 <code> <reason>[: <detail>]" +
// plainErrorHeaders + text, into the API's JSON error.
func rewritePlainError(b []byte) ([]byte, bool) {
	after, ok := bytes.CutPrefix(b, []byte("HTTP/1.1 "))
	if !ok {
		return nil, false
	}
	statusLine, text, ok := bytes.Cut(after, []byte(plainErrorHeaders))
	if !ok || bytes.Contains(statusLine, []byte("\r\n")) || len(statusLine) < 4 {
		return nil, false
	}
	code, err := strconv.Atoi(string(statusLine[:3]))
	if err != nil {
		return nil, false
	}
	id := rand.Text()[:16]
	body, err := json.Marshal(rest.ErrorBody{Message: plainErrorMessage(code, string(text)), RequestID: id},
		jsontext.AllowInvalidUTF8(true))
	if err != nil {
		return nil, false
	}
	var out bytes.Buffer
	out.WriteString("HTTP/1.1 ")
	out.Write(statusLine)
	out.WriteString("\r\nConnection: close\r\nContent-Length: " + strconv.Itoa(len(body)) +
		"\r\nContent-Type: " + rest.ContentTypeJSON + "\r\nX-Request-Id: " + id + "\r\n\r\n")
	out.Write(body)
	return out.Bytes(), true
}

// plainErrorMessage says what net/http refused, from its text
// ("400 Bad Request: missing required Host header").
func plainErrorMessage(code int, text string) string {
	switch {
	case code == 431:
		return "the request's header fields are larger than the server accepts"
	case code == 400 && !strings.Contains(text, ": "):
		return "malformed request: the request line or a header field cannot be parsed " +
			"(a bad %-escape in the path, for example)"
	}
	if _, detail, ok := strings.Cut(text, ": "); ok {
		return detail
	}
	return text
}
