package rest

import (
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

func TestPointerToPath(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"/email", "email"},
		{"/zones/1/id", "zones[1].id"},
		{"/policy/12/value", "policy[12].value"},
		{"/a~1b/c~0d", "a/b.c~d"},
		{"/0", "[0]"}, // an element of a top-level array
		{"/3/id", "[3].id"},
	} {
		if got := pointerToPath(jsontext.Pointer(tt.in)); got != tt.want {
			t.Errorf("pointerToPath(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
