package rest

import (
	"context"
	"net/http"

	"github.com/google/uuid"
)

// Caller is who a request authenticated as, for the request journal and
// the access log: they wrap the routes and cannot see the context the
// adapters that authenticate (Op, Linked, the token exchanges, the
// partner's Op) give their handlers, so they hand them this holder to fill.
type Caller struct {
	TenantID, AppID, PartnerID uuid.UUID
}

type callerKey struct{}

// WithCaller is ctx carrying the holder c.
func WithCaller(ctx context.Context, c *Caller) context.Context {
	return context.WithValue(ctx, callerKey{}, c)
}

// CallerOf returns the holder ctx carries, or nil.
func CallerOf(ctx context.Context) *Caller {
	c, _ := ctx.Value(callerKey{}).(*Caller)
	return c
}

// NoteTenant records that r acted as app of tenant (uuid.Nil: a signed
// link's tenant alone); without a holder it does nothing.
func NoteTenant(r *http.Request, tenant, app uuid.UUID) {
	if c, _ := r.Context().Value(callerKey{}).(*Caller); c != nil {
		c.TenantID, c.AppID = tenant, app
	}
}

// NotePartner records that r acted as app of partner.
func NotePartner(r *http.Request, partner, app uuid.UUID) {
	if c, _ := r.Context().Value(callerKey{}).(*Caller); c != nil {
		c.PartnerID, c.AppID = partner, app
	}
}
