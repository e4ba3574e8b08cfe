package wolfden

import (
	"slices"
	"strings"
)

// Canonical returns the member of options equal to s ignoring case: the
// vendor's enumerations are matched case-insensitively and answered in
// their own spelling.
func Canonical[T ~string](s string, options []T) (T, bool) {
	i := slices.IndexFunc(options, func(o T) bool { return strings.EqualFold(string(o), s) })
	if i < 0 {
		return "", false
	}
	return options[i], true
}

// OneOf is Canonical for a request field: a value not among allowed is an
// EInvalid error that names the field and the values it takes.
func OneOf(field, value string, allowed ...string) (string, error) {
	if c, ok := Canonical(value, allowed); ok {
		return c, nil
	}
	return "", FieldErrorf(field, "%q is not one of %s", value, strings.Join(allowed, ", "))
}
