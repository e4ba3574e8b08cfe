package journal

import (
	"net/http"
	"time"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"
)

// Entry is one request the server answered and its answer, as the journal
// serves it (docs/control-plane.md#request-journal).
type Entry struct {
	Seq        uint64    `json:"seq"`
	Time       time.Time `json:"time"` // when the request arrived, by the server's clock
	DurationMS float64   `json:"duration_ms"`
	RequestID  string    `json:"request_id"`
	// Who the request authenticated as: a tenant's application (access
	// token or token exchange), a tenant alone (signed link) or a
	// partner's application.
	TenantID  uuid.UUID `json:"tenant_id,omitzero"`
	AppID     uuid.UUID `json:"app_id,omitzero"`
	PartnerID uuid.UUID `json:"partner_id,omitzero"`

	Method string `json:"method"`
	Path   string `json:"path"`            // as the client sent it
	Route  string `json:"route,omitempty"` // the route table's pattern; "" when none matched
	Query  string `json:"query,omitempty"` // the raw query, redacted
	Status int    `json:"status"`

	Request  Message `json:"request"`
	Response Message `json:"response"`
}

// kept is how many bytes of bodies e holds, for the journal's budget.
func (e *Entry) kept() int { return e.Request.Body.Kept() + e.Response.Body.Kept() }

// Message is a request's or response's headers and body, redacted.
type Message struct {
	Headers http.Header `json:"headers"`
	Body    *Body       `json:"body,omitempty"` // nil when empty
}

// Body is a body kept up to the journal's limit. Exactly one of JSON, Text
// and Base64 holds it: a whole JSON document as JSON; other UTF-8 text (a
// form, a CSV file, a JSON document cut by the limit or malformed, up to
// its last whole token) as Text; anything else as Base64.
type Body struct {
	Size      int64          `json:"size"`      // the full length
	Truncated bool           `json:"truncated"` // less than Size is kept
	JSON      jsontext.Value `json:"json,omitempty"`
	Text      *string        `json:"text,omitempty"`
	Base64    []byte         `json:"base64,omitempty"`
}

// Kept is how many bytes of the body the entry holds.
func (b *Body) Kept() int {
	switch {
	case b == nil:
		return 0
	case b.Text != nil:
		return len(*b.Text)
	case b.JSON != nil:
		return len(b.JSON)
	}
	return len(b.Base64)
}
