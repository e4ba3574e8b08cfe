package journal

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"

	"github.com/go-json-experiment/json/jsontext"
)

// Redacted replaces every secret an entry would otherwise hold.
const Redacted = "[redacted]"

// What is a secret (docs/control-plane.md#request-journal):
//   - a header, query parameter, form field or JSON member (at any depth)
//     whose name, in any case, is Authorization, Proxy-Authorization,
//     Cookie or Set-Cookie, or ends in token, secret, password, passwd,
//     apikey, api_key or api-key (auth_token, access_token, app_secret,
//     X-Api-Key);
//   - a signed link's sig and exp query parameters;
//   - anywhere in a text, a JSON string or a header value: a JWT (access
//     tokens, auth tokens, a tenant token answered as a bare string), and
//     such parameters of a URL (a signed link a body hands out).

// SecretName tells a name whose value is a secret.
func SecretName(name string) bool {
	if !hasUpper(name) {
		return secretLowerName(name)
	}
	return secretLowerName(strings.ToLower(name))
}

func secretLowerName(n string) bool {
	switch n {
	case "authorization", "proxy-authorization", "cookie", "set-cookie":
		return true
	}
	for _, suffix := range secretSuffixes {
		if strings.HasSuffix(n, suffix) {
			return true
		}
	}
	return false
}

var secretSuffixes = []string{"token", "secret", "password", "passwd", "apikey", "api_key", "api-key"}

func hasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

// mayHoldSecret tells a document in which some secret could be: a secret
// name, a JWT, a signed link's parameter, or an escape (\u) that could
// spell one. Most documents hold none of them, and are kept as they are.
func mayHoldSecret(doc []byte) bool {
	if bytes.Contains(doc, []byte(`\u`)) {
		return true
	}
	// One lower-case copy, then a fast search per word, beats comparing
	// every word at every letter that could start one.
	buf := lowerBuffers.Get().(*[]byte)
	defer lowerBuffers.Put(buf)
	lower := append((*buf)[:0], doc...)
	for i, c := range lower {
		if 'A' <= c && c <= 'Z' {
			lower[i] = c + 'a' - 'A'
		}
	}
	*buf = lower
	for _, w := range secretWords {
		if bytes.Contains(lower, []byte(w)) {
			return true
		}
	}
	return false
}

var lowerBuffers = sync.Pool{New: func() any { return new([]byte) }}

// secretWords are what every secret name, JWT and link parameter
// contains, in lower case.
var secretWords = []string{"token", "secret", "passw", "apikey", "api_key", "api-key", "authorization", "cookie", "eyj", "sig=", "exp="}

// secretParam tells a URL query parameter whose value is a secret.
func secretParam(name string) bool { return name == "sig" || name == "exp" || SecretName(name) }

// RedactHeaders is a copy of h with secret values replaced.
func RedactHeaders(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for name, values := range h {
		if SecretName(name) {
			out[name] = []string{Redacted}
			continue
		}
		kept := make([]string, len(values))
		for i, v := range values {
			kept[i] = scrub(v)
		}
		out[name] = kept
	}
	return out
}

// RedactQuery is a raw query (or form body) with the values of secret
// parameters replaced, the rest scrubbed, its order and escaping kept.
func RedactQuery(raw string) string {
	if raw == "" {
		return ""
	}
	var b strings.Builder
	for i, param := range strings.Split(raw, "&") {
		if i > 0 {
			b.WriteByte('&')
		}
		name, _, hasValue := strings.Cut(param, "=")
		if hasValue && secretParam(unescape(name)) {
			b.WriteString(name + "=" + Redacted)
		} else {
			b.WriteString(scrub(param))
		}
	}
	return b.String()
}

func unescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

var (
	// jwtPattern is a JWT: a base64url JSON header ("eyJ" is "{\""), a
	// payload and a signature.
	jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]*\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*`)
	// urlParamPattern is a parameter of a URL's query.
	urlParamPattern = regexp.MustCompile(`([?&])([A-Za-z0-9_.%-]+)=([^&#\s"'<>]*)`)
)

// scrub replaces the JWTs in s, and the secret parameters of the URLs in
// it. The common string holds neither and costs two scans.
func scrub(s string) string {
	if strings.Contains(s, "eyJ") {
		s = jwtPattern.ReplaceAllString(s, Redacted)
	}
	if strings.Contains(s, "=") && strings.ContainsAny(s, "?&") {
		s = urlParamPattern.ReplaceAllStringFunc(s, func(m string) string {
			sub := urlParamPattern.FindStringSubmatch(m)
			if secretParam(unescape(sub[2])) {
				return sub[1] + sub[2] + "=" + Redacted
			}
			return m
		})
	}
	return s
}

// redactJSON is doc with the values of secret members replaced and its
// strings scrubbed; whole is false when doc is not one whole JSON value
// (cut by the limit, or malformed), and then the result is the redacted
// prefix up to the last whole token. Formatting is kept.
func redactJSON(doc []byte) (out []byte, whole bool) {
	if !mayHoldSecret(doc) && json.Valid(doc) {
		return bytes.Clone(doc), true // the common case, at a tenth of the cost
	}
	// As lax as json.Valid: duplicate names and invalid UTF-8 are the
	// client's, and the journal's answer keeps them.
	dec := jsontext.NewDecoder(bytes.NewBuffer(doc), // read in place, not copied
		jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	var copied, good int64 // doc[:copied] is in out; doc[:good] ends a whole token
	out = make([]byte, 0, len(doc))
	flush := func(to int64) { out = append(out, doc[copied:to]...); copied = to }
	for {
		tok, err := dec.ReadToken()
		if err != nil {
			flush(good)
			return out, err == io.EOF && dec.StackDepth() == 0 && good > 0
		}
		end := dec.InputOffset()
		if tok.Kind() != '"' {
			good = end
			continue
		}
		s := tok.String()
		if kind, n := dec.StackIndex(dec.StackDepth()); kind == '{' && n%2 == 1 { // a member name
			good = end
			if SecretName(s) {
				flush(end)
				if err := dec.SkipValue(); err != nil {
					return out, false
				}
				out = append(out, `:"`+Redacted+`"`...)
				copied, good = dec.InputOffset(), dec.InputOffset()
			}
			continue
		}
		if scrubbed := scrub(s); scrubbed != s {
			flush(good + int64(bytes.IndexByte(doc[good:end], '"'))) // the token's start
			out, _ = jsontext.AppendQuote(out, scrubbed)
			copied = end
		}
		good = end
	}
}
