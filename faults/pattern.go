package faults

import (
	"strings"

	"github.com/wolfden/wolfden"
)

// Pattern is a path pattern in chi's notation, which the route table uses:
// literal segments, {name} for any one segment, and a last segment * for
// the path before it and anything below it ("/threats/v2/*" matches
// /threats/v2, /threats/v2/{sha256} and /threats/v2/{sha256}/devices).
// Regular expressions in braces ({id:[0-9]+}) are not supported.
type Pattern struct {
	text     string
	segments []string // "" for {name}
	prefix   bool     // ends in /*
}

// ParsePattern checks a pattern; its faults are 400s naming field.
func ParsePattern(field, text string) (Pattern, error) {
	bad := func(format string, args ...any) (Pattern, error) {
		return Pattern{}, wolfden.FieldErrorf(field, "%q is not a path pattern: "+format, append([]any{text}, args...)...)
	}
	if !strings.HasPrefix(text, "/") {
		return bad("it must start with /")
	}
	p := Pattern{text: text}
	rest := strings.TrimSuffix(text[1:], "/") // served paths have no final slash
	if rest == "*" || strings.HasSuffix(rest, "/*") {
		p.prefix, rest = true, strings.TrimSuffix(strings.TrimSuffix(rest, "*"), "/")
	}
	if rest == "" {
		return p, nil
	}
	for i, seg := range strings.Split(rest, "/") {
		switch {
		case seg == "":
			return bad("segment %d is empty", i+1)
		case strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}"):
			if !isParamName(seg[1 : len(seg)-1]) {
				return bad("%s: a parameter is {name}, of letters, digits and _ (no regular expressions)", seg)
			}
			seg = ""
		case strings.ContainsAny(seg, "{}*"):
			return bad("%s: * stands only as the last segment, and {name} only as a whole segment", seg)
		}
		p.segments = append(p.segments, seg)
	}
	if p.segments[0] == "control" {
		return bad("fault rules never apply to the control plane")
	}
	return p, nil
}

func isParamName(s string) bool {
	for _, c := range s {
		if !(c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return s != ""
}

// String is the pattern as it was given.
func (p Pattern) String() string { return p.text }

// IsZero tells the pattern of a rule that matches any path.
func (p Pattern) IsZero() bool { return p.text == "" }

// Match tells whether path (r.URL.Path, unescaped) matches the pattern.
func (p Pattern) Match(path string) bool {
	if p.text == "" {
		return true
	}
	rest := strings.TrimPrefix(path, "/")
	for _, seg := range p.segments {
		if rest == "" {
			return false
		}
		next, after, _ := strings.Cut(rest, "/")
		if next == "" || (seg != "" && seg != next) {
			return false
		}
		rest = after
	}
	return rest == "" || p.prefix
}
