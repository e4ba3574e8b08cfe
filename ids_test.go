package wolfden_test

import (
	"testing"

	"github.com/wolfden/wolfden"
)

func TestParseID(t *testing.T) {
	const canonical = "8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f"
	for _, tt := range []struct {
		in string
		ok bool
	}{
		{canonical, true},
		{"8E1F4C2A-37B0-4D6E-9C15-0A2B3C4D5E6F", true},
		{"8E1F4C2A37B04D6E9C150A2B3C4D5E6F", true}, // OPTICS form
		{"8e1f4c2a37b04d6e9c150a2b3c4d5e6f", true},
		{"{8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f}", false},
		{"urn:uuid:8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6f", false},
		{"8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6", false},
		{"8e1f4c2a-37b0-4d6e-9c15-0a2b3c4d5e6g", false},
		{"", false},
	} {
		id, ok := wolfden.ParseID(tt.in)
		if ok != tt.ok || (ok && id.String() != canonical) {
			t.Errorf("ParseID(%q) = %s, %v; want ok=%v", tt.in, id, ok, tt.ok)
		}
	}
	id, _ := wolfden.ParseID(canonical)
	if got := wolfden.OpticsID(id); got != "8E1F4C2A37B04D6E9C150A2B3C4D5E6F" {
		t.Errorf("OpticsID = %s", got)
	}
}
