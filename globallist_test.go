package wolfden_test

import (
	"strings"
	"testing"

	"github.com/wolfden/wolfden"
)

func TestParseSafeCategory(t *testing.T) {
	for in, want := range map[string]string{
		"Admin Tool": "Admin Tool", "AdminTool": "Admin Tool", "admin tool": "Admin Tool",
		"CommercialSoftware": "Commercial Software", "Commerical Software": "Commercial Software",
		"internalApplication": "Internal Application", "OperatingSystem": "Operating System",
		"SecuritySoftware": "Security Software", "Drivers": "Drivers", "None": "None",
	} {
		if got, ok := wolfden.ParseSafeCategory(in); !ok || got != want {
			t.Errorf("ParseSafeCategory(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	if _, ok := wolfden.ParseSafeCategory("Games"); ok {
		t.Error("an unknown category was accepted")
	}
}

func TestParseSHA256(t *testing.T) {
	lower := strings.Repeat("3f1a9c0b", 8)
	if got, ok := wolfden.ParseSHA256(lower); !ok || got != strings.ToUpper(lower) {
		t.Errorf("ParseSHA256 = %q, %v", got, ok)
	}
	for _, bad := range []string{"", lower[:63], lower + "0", strings.Repeat("g", 64)} {
		if _, ok := wolfden.ParseSHA256(bad); ok {
			t.Errorf("ParseSHA256(%q) accepted", bad)
		}
	}
}
