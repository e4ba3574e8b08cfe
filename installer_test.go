package wolfden_test

import (
	"testing"

	"github.com/wolfden/wolfden"
)

func TestInstallerFileName(t *testing.T) {
	for _, tt := range []struct {
		in    wolfden.Installer
		want  string
		field string
	}{
		{wolfden.Installer{Product: "Protect", OS: "Windows", Package: "Msi", Architecture: "X64"}, "CylanceProtect_" + wolfden.LatestAgentVersion + "_X64.msi", ""},
		{wolfden.Installer{Product: "protect optics", OS: "mac", Package: "pkg", Architecture: "x64", Build: "3.2.1002"}, "CylanceProtectOptics_3.2.1002_X64.pkg", ""},
		{wolfden.Installer{Product: "Optics", OS: "Ubuntu1804", Architecture: "Ubuntu1804UI"}, "CylanceOptics_" + wolfden.LatestAgentVersion + "_Ubuntu1804UI.tar.gz", ""},
		{wolfden.Installer{Product: "Shield", OS: "Windows", Package: "Msi", Architecture: "X64"}, "", "product"},
		{wolfden.Installer{Product: "Protect", OS: "BeOS", Architecture: "X64"}, "", "os"},
		{wolfden.Installer{Product: "Protect", OS: "Windows", Package: "Dmg", Architecture: "X64"}, "", "package"},
		{wolfden.Installer{Product: "Protect", OS: "Windows", Architecture: "X64"}, "", "package"},
		{wolfden.Installer{Product: "Protect", OS: "Linux", Package: "Msi", Architecture: "CentOS7"}, "", "package"},
		{wolfden.Installer{Product: "Protect", OS: "Linux", Architecture: "X64"}, "", "architecture"},
		{wolfden.Installer{Product: "Protect", OS: "Mac", Package: "Dmg", Architecture: "X86"}, "", "architecture"},
		{wolfden.Installer{Product: "Protect", OS: "Windows", Package: "Exe", Architecture: "X86", Build: "latest"}, "", "build"},
	} {
		got, err := tt.in.FileName()
		if tt.field == "" && (err != nil || got != tt.want) {
			t.Errorf("%+v: %q, %v; want %q", tt.in, got, err, tt.want)
		}
		if tt.field != "" {
			if e, ok := err.(*wolfden.Error); !ok || e.Field != tt.field {
				t.Errorf("%+v: %v, want an error on %s", tt.in, err, tt.field)
			}
		}
	}
}
