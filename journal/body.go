package journal

import (
	"bytes"
	"strings"
	"unicode/utf8"
)

// newBody redacts and encodes the kept bytes of a body of size bytes.
func newBody(contentType string, kept []byte, size int64) *Body {
	if size == 0 {
		return nil
	}
	b := &Body{Size: size, Truncated: int64(len(kept)) < size}
	mediaType, _, _ := strings.Cut(contentType, ";")
	if mediaType = strings.TrimSpace(mediaType); hasUpper(mediaType) {
		mediaType = strings.ToLower(mediaType)
	}
	switch {
	case mediaType == "application/x-www-form-urlencoded" && utf8.Valid(kept):
		b.setText(RedactQuery(string(kept)))
	case looksLikeJSON(mediaType, kept) && b.setJSON(kept):
	case utf8.Valid(kept):
		b.setText(scrub(string(kept)))
	case b.Truncated && utf8.Valid(trimPartialRune(kept)):
		b.setText(scrub(string(trimPartialRune(kept))))
	default:
		b.Base64 = kept
	}
	return b
}

func (b *Body) setText(s string) { b.Text = &s }

// setJSON keeps a JSON document, redacted: whole, as JSON; cut or
// malformed, its redacted prefix as text. It tells whether the body was
// JSON at all, that is, began with a whole token.
func (b *Body) setJSON(kept []byte) bool {
	doc, whole := redactJSON(kept)
	switch {
	case whole && !b.Truncated:
		b.JSON = doc
	case len(doc) == 0:
		return false
	default:
		b.Truncated = true // less than Size is kept
		b.setText(string(doc))
	}
	return true
}

// looksLikeJSON tells a body to read as JSON: labelled so, or, unlabelled,
// starting as an object or array does (clients send JSON without a type).
func looksLikeJSON(mediaType string, body []byte) bool {
	if mediaType == "application/json" || strings.HasSuffix(mediaType, "+json") {
		return true
	}
	if mediaType != "" && mediaType != "text/plain" {
		return false
	}
	body = bytes.TrimLeft(body, " \t\r\n")
	return len(body) > 0 && (body[0] == '{' || body[0] == '[')
}

// trimPartialRune drops the start of a UTF-8 sequence the limit cut.
func trimPartialRune(b []byte) []byte {
	for i := 1; i <= utf8.UTFMax-1 && i <= len(b); i++ {
		if utf8.RuneStart(b[len(b)-i]) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return b[:len(b)-i]
			}
			break
		}
	}
	return b
}
