package httpapi

import (
	"context"
	"crypto/rand"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/google/uuid"

	"github.com/go-chi/chi/v5"

	"github.com/wolfden/wolfden/httpapi/rest"
)

// recorder remembers the status written, for the access log and so that a
// panic after the header went out does not try to write another.
type recorder struct {
	http.ResponseWriter
	status int
}

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
	rec.ResponseWriter.WriteHeader(code)
}

func (rec *recorder) Write(b []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.ResponseWriter.Write(b)
}

func (rec *recorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// observe gives every request an id (X-Request-Id), bounds its body, turns
// a panic into a JSON 500 that carries the id, logs the request (one line:
// id, route pattern, path, caller, status, duration) and, with metrics on,
// counts it by its route's pattern. It never logs headers, queries or
// bodies: they hold credentials.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := rand.Text()[:16]
		ctx := rest.WithRequestID(r.Context(), id)
		// The route's pattern is known once chi has routed, in the route
		// context: chi uses one it finds (the journal's, when on) rather
		// than its own, reset on return. Who the caller is, the adapters
		// that authenticate note in the caller holder (the journal's, or
		// one of ours).
		route := chi.RouteContext(ctx)
		if route == nil {
			route = chi.NewRouteContext()
			ctx = context.WithValue(ctx, chi.RouteCtxKey, route)
		}
		caller := rest.CallerOf(ctx)
		if caller == nil {
			caller = &rest.Caller{}
			ctx = rest.WithCaller(ctx, caller)
		}
		r = r.WithContext(ctx)
		w.Header().Set("X-Request-Id", id)
		rec := &recorder{ResponseWriter: w}
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rec, r.Body, s.BodyLimit(r))
		}
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.Log.LogAttrs(r.Context(), slog.LevelError, "panic serving request",
					slog.String("request_id", id), slog.String("panic", fmt.Sprint(v)),
					slog.String("stack", string(debug.Stack())))
				if rec.status == 0 {
					s.WriteError(rec, r, fmt.Errorf("%w: %v", rest.ErrPanic, v))
				}
			}
			elapsed := time.Since(start)
			if s.Metrics != nil {
				status := rec.status
				if status == 0 {
					status = http.StatusOK // net/http's, for a handler that wrote nothing
				}
				s.Metrics.Request(route.RoutePattern(), r.Method, status, elapsed)
			}
			level := slog.LevelInfo
			if rec.status == http.StatusTooManyRequests {
				level = slog.LevelWarn // a flood: LimitLog bounds its lines
			}
			attrs := []slog.Attr{slog.String("method", r.Method), slog.String("route", route.RoutePattern()),
				slog.String("path", r.URL.Path), slog.Int("status", rec.status), slog.Duration("duration", elapsed),
				slog.String("request_id", id)}
			for _, who := range []struct {
				name string
				id   uuid.UUID
			}{{"tenant_id", caller.TenantID}, {"partner_id", caller.PartnerID}, {"app_id", caller.AppID}} {
				if who.id != uuid.Nil {
					attrs = append(attrs, slog.String(who.name, who.id.String()))
				}
			}
			s.Log.LogAttrs(r.Context(), level, "request", attrs...)
		}()
		next.ServeHTTP(rec, r)
	})
}
