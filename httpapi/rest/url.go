package rest

import (
	"net/http"
	"regexp"
	"strings"

	"github.com/wolfden/wolfden"
)

// CanonicalURL serves "/users/v2/" as "/users/v2", the camel-case
// opticsPolicies segment in any case (the vendor's own pages spell it
// several ways), and a query with a stray "?" before a parameter as if it
// were "&": Rapid7's InsightConnect plugin sends
// "/devices/v2?page=1?page_size=20", which the vendor serves.
func CanonicalURL(next http.Handler) http.Handler {
	const optics = "/opticsPolicies/"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if p := r.URL.Path; len(p) > 1 && strings.HasSuffix(p, "/") {
			r.URL.Path = strings.TrimRight(p, "/")
			r.URL.RawPath = strings.TrimRight(r.URL.RawPath, "/")
		}
		if p := r.URL.Path; len(p) >= len(optics) && strings.EqualFold(p[:len(optics)], optics) {
			r.URL.Path = optics + p[len(optics):]
			if raw := r.URL.RawPath; len(raw) >= len(optics) && strings.EqualFold(raw[:len(optics)], optics) {
				r.URL.RawPath = optics + raw[len(optics):]
			}
		}
		if strings.IndexByte(r.URL.RawQuery, '?') >= 0 {
			r.URL.RawQuery = strayQuestionMark.ReplaceAllString(r.URL.RawQuery, "&$1")
		}
		next.ServeHTTP(w, r)
	})
}

// strayQuestionMark is a "?" that starts another parameter ("name="); a
// "?" anywhere else is left to be part of a value.
var strayQuestionMark = regexp.MustCompile(`\?([A-Za-z_][A-Za-z0-9_.\-]*=)`)

// CheckURLText answers a path that holds a character no field may hold
// (wolfden.TextFault) as an unknown resource, 404, as any malformed URL,
// and such a query parameter, name or value, with a 400 naming it.
func (s *Core) CheckURLText(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wolfden.TextFault(r.URL.Path) != "" {
			s.WriteError(w, r, wolfden.Errorf(wolfden.ENotFound, "no resource at %q", r.URL.Path))
			return
		}
		if plainASCII(r.URL.RawQuery) {
			next.ServeHTTP(w, r) // nothing in it can decode to such text
			return
		}
		for name, values := range r.URL.Query() {
			if fault := wolfden.TextFault(name); fault != "" {
				s.WriteError(w, r, wolfden.FieldErrorf(name, "the query parameter name %q %s", name, fault))
				return
			}
			for _, v := range values {
				if fault := wolfden.TextFault(v); fault != "" {
					s.WriteError(w, r, wolfden.FieldErrorf(name, "query parameter %s %s", name, fault))
					return
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// plainASCII tells a raw query of printable ASCII without %-escapes: the
// common case (?page=2&page_size=200), which needs no decoding to check.
func plainASCII(rawQuery string) bool {
	for i := 0; i < len(rawQuery); i++ {
		if c := rawQuery[i]; c == '%' || c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}
