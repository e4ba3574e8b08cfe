// Package buildinfo says which wolfden is running: the release version a
// build was stamped with, and the commit and Go version it was built from.
package buildinfo

import (
	"runtime"
	"runtime/debug"
	"sync"
)

// version is stamped by release builds:
//
//	go build -ldflags "-X github.com/wolfden/wolfden/internal/buildinfo.version=v1.2.3"
var version string

// Info describes a build. GET /version answers it, and wolfden version
// prints it.
type Info struct {
	// Version is the stamped release version; otherwise the module's
	// version as the go command recorded it ("(devel)" for a build in a
	// checkout).
	Version string `json:"version"`
	// Commit and CommitTime are the VCS revision the binary was built from,
	// when the go command could see it; Modified says the work tree had
	// changes that are not in the commit.
	Commit     string `json:"commit,omitempty"`
	CommitTime string `json:"commit_time,omitempty"`
	Modified   bool   `json:"modified,omitempty"`
	GoVersion  string `json:"go_version"`
	// Platform is GOOS/GOARCH.
	Platform string `json:"platform"`
}

// Get returns this binary's build information.
var Get = sync.OnceValue(func() Info {
	info := Info{Version: version, GoVersion: runtime.Version(), Platform: runtime.GOOS + "/" + runtime.GOARCH}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return info
	}
	if info.Version == "" {
		info.Version = bi.Main.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			info.Commit = s.Value
		case "vcs.time":
			info.CommitTime = s.Value
		case "vcs.modified":
			info.Modified = s.Value == "true"
		}
	}
	return info
})
