package httpapi

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/wolfden/wolfden/httpapi/rest"
	"github.com/wolfden/wolfden/journal"
)

// journaled records each request and its answer in the journal, if there
// is one. It wraps observe, so that it sees the 500 a panic becomes. The
// control plane's own requests are not recorded: they carry the admin
// token and are the test's plumbing, not what it tests; nor are probes
// and scrapes of the metrics.
func (s *Server) journaled(next http.Handler) http.Handler {
	j := s.Journal
	if j == nil {
		return next
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/control" || strings.HasPrefix(r.URL.Path, "/control/") || isProbe(r.URL.Path) || s.isMetrics(r) {
			next.ServeHTTP(w, r)
			return
		}
		rec := &journalRecorder{j: j, ResponseWriter: w, r: r, start: time.Now(), arrived: s.Now(),
			method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, respBody: j.NewCapture(), length: -1}
		// The route's pattern is known once chi has routed, in the route
		// context: chi uses one it finds rather than its own, reset on return.
		ctx := rest.WithCaller(r.Context(), &rec.caller)
		if rec.route = chi.RouteContext(ctx); rec.route == nil {
			rec.route = chi.NewRouteContext()
			ctx = context.WithValue(ctx, chi.RouteCtxKey, rec.route)
		}
		r = r.WithContext(ctx)
		if r.Body != nil && r.Body != http.NoBody {
			rec.reqBody = j.NewCapture()
			r.Body = &bodyTap{ReadCloser: r.Body, capture: rec.reqBody}
		}
		defer rec.finish()
		next.ServeHTTP(rec, r)
	})
}

// journalRecorder keeps a copy of the answer, up to the journal's body
// limit, and appends the entry once the answer is complete: when the last
// byte a Content-Length announces is about to go out (so that a client
// that has read its answer finds it in the journal), or else when the
// handler returns.
type journalRecorder struct {
	http.ResponseWriter
	j       *journal.Journal
	r       *http.Request
	start   time.Time // for the duration: the monotonic clock
	arrived time.Time // for the entry: the server's clock
	method  string
	path    string
	query   string
	route   *chi.Context
	caller  rest.Caller

	reqBody, respBody *journal.Capture
	status            int
	length            int64 // Content-Length announced; -1 when none
	done              bool
}

func (rec *journalRecorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
		if n, err := strconv.ParseInt(rec.Header().Get("Content-Length"), 10, 64); err == nil {
			rec.length = n
		}
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *journalRecorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.WriteHeader(http.StatusOK)
	}
	rec.respBody.Write(b)
	if rec.length >= 0 && rec.respBody.Size() >= rec.length {
		rec.finish()
	}
	return rec.ResponseWriter.Write(b)
}

func (rec *journalRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// finish appends the entry, once.
func (rec *journalRecorder) finish() {
	if rec.done {
		return
	}
	rec.done = true
	if rec.status == 0 {
		rec.status = http.StatusOK // net/http's, for a handler that wrote nothing
	}
	r, h := rec.r, rec.Header()
	e := &journal.Entry{
		Time: rec.arrived, DurationMS: float64(time.Since(rec.start)) / float64(time.Millisecond),
		RequestID: h.Get("X-Request-Id"),
		TenantID:  rec.caller.TenantID, AppID: rec.caller.AppID, PartnerID: rec.caller.PartnerID,
		Method: rec.method, Path: rec.path, Route: rec.route.RoutePattern(),
		Query: journal.RedactQuery(rec.query), Status: rec.status,
		Request:  journal.Message{Headers: journal.RedactHeaders(r.Header)},
		Response: journal.Message{Headers: journal.RedactHeaders(h), Body: rec.respBody.Body(h.Get("Content-Type"), 0)},
	}
	if rec.reqBody != nil {
		e.Request.Body = rec.reqBody.Body(r.Header.Get("Content-Type"), r.ContentLength)
	}
	rec.j.Append(e)
}

// bodyTap copies a request body, as the handler reads it, to a capture.
type bodyTap struct {
	io.ReadCloser
	capture *journal.Capture
}

func (t *bodyTap) Read(p []byte) (int, error) {
	n, err := t.ReadCloser.Read(p)
	t.capture.Write(p[:n])
	return n, err
}
