package rest

import "context"

type ctxKey int

const (
	requestIDKey ctxKey = iota
	principalKey
	objectReadKey
)

// WithRequestID is ctx carrying the request's id (X-Request-Id).
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID is the id of the request ctx belongs to.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}
