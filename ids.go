package wolfden

import (
	"strings"

	"github.com/google/uuid"
)

// ParseID parses a GUID in either form the API uses: lower- or upper-case,
// with hyphens (Protect routes) or without (OPTICS routes). Braces and
// "urn:uuid:" forms are refused: no client sends them in a URL.
func ParseID(s string) (uuid.UUID, bool) {
	if len(s) != 36 && len(s) != 32 {
		return uuid.Nil, false
	}
	id, err := uuid.Parse(s)
	return id, err == nil
}

// OpticsID formats id the way OPTICS routes print device and zone ids:
// upper-case hexadecimal without hyphens.
func OpticsID(id uuid.UUID) string {
	return strings.ToUpper(strings.ReplaceAll(id.String(), "-", ""))
}
