package wolfden_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

// FuzzParseID: an accepted id is the GUID the input spells, in either form
// and any case, and both forms of any GUID parse back to it.
func FuzzParseID(f *testing.F) {
	for _, s := range []string{"8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f", "8E1F4C2A37B04D6E9C150A2B3C4D5E6F",
		"{8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f}", "urn:uuid:8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f",
		"8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6g", "8e1f4c2a+37b0+4d6e+9c15+0a2b3c4d5e6f", "", "00000000000000000000000000000000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if id, ok := wolfden.ParseID(s); ok {
			if !strings.EqualFold(strings.ReplaceAll(s, "-", ""), wolfden.OpticsID(id)) {
				t.Errorf("ParseID(%q) = %s, which the input does not spell", s, id)
			}
			if len(s) == 36 && !strings.EqualFold(s, id.String()) {
				t.Errorf("ParseID(%q) = %s, hyphens elsewhere", s, id)
			}
		}
		if len(s) >= 16 {
			id := uuid.UUID([]byte(s[:16]))
			for _, form := range []string{id.String(), wolfden.OpticsID(id), strings.ToUpper(id.String())} {
				if back, ok := wolfden.ParseID(form); !ok || back != id {
					t.Errorf("ParseID(%q) = %s, %v; want %s", form, back, ok, id)
				}
			}
		}
	})
}
