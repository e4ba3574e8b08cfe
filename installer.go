package wolfden

import (
	"regexp"
	"strings"
)

// LatestAgentVersion is the newest agent build wolfden knows of: what an
// installer link points at when no build is asked for.
const LatestAgentVersion = "3.3.1200"

// Installer is a request for an agent installer (docs/api/devices.md; the
// values are those python-cyapi validates).
type Installer struct {
	Product      string // Protect, Optics, Protect Optics
	OS           string
	Package      string // Exe or Msi on Windows, Dmg or Pkg on Mac, none on Linux
	Architecture string
	Build        string // agent version; default LatestAgentVersion
}

var (
	installerProducts = []string{"Protect", "Optics", "Protect Optics"}
	linuxOSes         = []string{"Linux", "AmazonLinux1", "AmazonLinux2", "CentOS7", "Ubuntu1404", "Ubuntu1604", "Ubuntu1804"}
	linuxArchs        = []string{"AmazonLinux1", "AmazonLinux2", "CentOS6", "CentOS6UI", "CentOS7", "CentOS7UI",
		"Ubuntu1404", "Ubuntu1404UI", "Ubuntu1604", "Ubuntu1604UI", "Ubuntu1804", "Ubuntu1804UI"}
	buildPattern = regexp.MustCompile(`^\d+\.\d+\.\d+$`)
)

// FileName validates the request, in any case, and names the installer
// file it asks for.
func (in Installer) FileName() (string, error) {
	product, ok := Canonical(in.Product, installerProducts)
	if !ok {
		return "", FieldErrorf("product", "%q is not a product: use Protect, Optics or Protect Optics", in.Product)
	}
	var packages, archs []string
	switch os, _ := Canonical(in.OS, append([]string{"Windows", "Mac"}, linuxOSes...)); os {
	case "Windows":
		packages, archs = []string{"Exe", "Msi"}, []string{"X86", "X64"}
	case "Mac":
		packages, archs = []string{"Dmg", "Pkg"}, []string{"X64"}
	case "":
		return "", FieldErrorf("os", "%q is not an operating system: use Windows, Mac, Linux or a Linux distribution", in.OS)
	default:
		archs = linuxArchs
	}
	pkg, ok := Canonical(in.Package, packages)
	switch {
	case packages == nil && in.Package != "":
		return "", FieldErrorf("package", "Linux installers take no package, not %q", in.Package)
	case packages != nil && !ok:
		return "", FieldErrorf("package", "%q is not a package for %s: use %s", in.Package, in.OS, strings.Join(packages, " or "))
	}
	arch, ok := Canonical(in.Architecture, archs)
	if !ok {
		return "", FieldErrorf("architecture", "%q is not an architecture for %s: use one of %s", in.Architecture, in.OS, strings.Join(archs, ", "))
	}
	build := in.Build
	if build == "" {
		build = LatestAgentVersion
	}
	if !buildPattern.MatchString(build) {
		return "", FieldErrorf("build", "%q is not an agent version such as %s", in.Build, LatestAgentVersion)
	}
	ext := "tar.gz"
	if pkg != "" {
		ext = strings.ToLower(pkg)
	}
	return "Cylance" + strings.ReplaceAll(product, " ", "") + "_" + build + "_" + arch + "." + ext, nil
}
