package rest

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/metrics"
)

// ErrorBody is every error response: message always; field, offset and
// request_id where known. Clients print the members of the object.
type ErrorBody struct {
	Message   string `json:"message"`
	Field     string `json:"field,omitempty"`
	Offset    *int64 `json:"offset,omitempty"`
	RequestID string `json:"request_id"`
}

// syntaxError is malformed JSON: the byte offset, and the member path when
// there is one, tell the client where.
type syntaxError struct {
	msg    string
	field  string
	offset int64
}

func (e *syntaxError) Error() string { return e.msg }

// RateLimited is a request refused for a flood: over its tenant's or
// partner's rate, say. what names the flood ("requests for this account").
type RateLimited struct {
	What       string // what was too many: "package uploads at once"
	RetryAfter time.Duration
	// Limiter names the limit for the metrics (metrics.LimitAccount, …).
	Limiter string
}

func (e *RateLimited) Error() string {
	return "too many " + e.What + ": retry after Retry-After seconds"
}

// StatusOf is the status-code contract: one status per error code.
var StatusOf = map[wolfden.ErrorCode]int{
	wolfden.EInvalid:        http.StatusBadRequest,
	wolfden.EUnauthorized:   http.StatusUnauthorized,
	wolfden.EForbidden:      http.StatusForbidden,
	wolfden.ENotFound:       http.StatusNotFound,
	wolfden.EConflict:       http.StatusConflict,
	wolfden.ENotImplemented: http.StatusNotImplemented,
	wolfden.EInternal:       http.StatusInternalServerError,
	wolfden.EBadGateway:     http.StatusBadGateway,
	wolfden.EUnavailable:    http.StatusServiceUnavailable,
	wolfden.EGatewayTimeout: http.StatusGatewayTimeout,
}

// ObjectRead marks a route that reads one object by its id or name (GET
// /devices/v2/{device}, …). When the object does not exist the answer is a
// 404 with an empty body, as the vendor's: clients written against the
// live service read any body of such a 404 as the object (Cortex XSOAR's
// integration does), while an empty one is "not found" to all of them.
// The request id stays in X-Request-Id.
func ObjectRead(next http.Handler) http.Handler { return objectRead{next} }

type objectRead struct{ next http.Handler }

func (o objectRead) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	o.next.ServeHTTP(w, MarkObjectRead(r))
}

// IsObjectRead tells a handler ObjectRead made, so that a 404 answered
// before routing (a fault rule's) can be the route's own.
func IsObjectRead(h http.Handler) bool {
	_, ok := h.(objectRead)
	return ok
}

// MarkObjectRead is r as a route ObjectRead marks sees it.
func MarkObjectRead(r *http.Request) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), objectReadKey, true))
}

// WriteError answers err. It is the one place that turns failures into
// statuses and bodies; anything it does not recognise is a 500 whose cause
// goes to the log, not to the client.
func (s *Core) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	body := ErrorBody{Message: err.Error(), RequestID: RequestID(r.Context())}
	status := http.StatusInternalServerError
	var (
		domainErr *wolfden.Error
		syntaxErr *syntaxError
		limitErr  *RateLimited
		tooLarge  *http.MaxBytesError
	)
	switch {
	case errors.As(err, &tooLarge):
		status = http.StatusRequestEntityTooLarge
		body.Message = "request body is larger than " + strconv.FormatInt(tooLarge.Limit, 10) + " bytes"
	case errors.As(err, &syntaxErr):
		status = http.StatusBadRequest
		body.Offset, body.Field = &syntaxErr.offset, syntaxErr.field
	case errors.As(err, &limitErr):
		status = http.StatusTooManyRequests
		s.Metrics.RateLimited(limitErr.Limiter)
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(limitErr.RetryAfter.Seconds())))))
	case errors.As(err, &domainErr) && domainErr.Code != wolfden.EInternal:
		status = StatusOf[domainErr.Code]
		body.Message, body.Field = domainErr.Message, domainErr.Field
		if status == http.StatusUnauthorized {
			body.Message = "Unauthorized: " + body.Message // SOAR re-authenticates on this word
		}
	}
	if status == http.StatusNotFound && r.Context().Value(objectReadKey) != nil {
		WriteNoBody(w, status)
		return
	}
	if status == http.StatusInternalServerError {
		s.Metrics.InternalError(RoutePattern(r), causeOf(err))
		s.Log.LogAttrs(r.Context(), slog.LevelError, "request failed",
			slog.String("request_id", body.RequestID), slog.String("error", err.Error()))
		body.Message = "internal server error; quote request id " + body.RequestID
	}
	s.WriteJSON(w, r, status, body)
}

// ErrPanic is the cause of the 500 a handler's panic becomes.
var ErrPanic = errors.New("panic")

// faultFailure is the 500 a fault rule fakes.
type faultFailure struct{ rule string }

func (e *faultFailure) Error() string { return e.rule + " answers 500" }

// causeOf says what made a 500, for the metrics.
func causeOf(err error) string {
	var fault *faultFailure
	switch {
	case errors.Is(err, ErrPanic):
		return metrics.CausePanic
	case errors.As(err, &fault):
		return metrics.CauseFaultRule
	}
	return metrics.CauseError
}
