package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/wolfden/wolfden/internal/buildinfo"
)

const versionHelp = `  wolfden version [--json]
      Print the version, the commit it was built from and the Go version
      (GET /version answers the same as JSON). Also: wolfden --version.
`

func printVersion(_ context.Context, args []string, stdout, _ io.Writer, _ env) error {
	fs := newFlagSet("version")
	asJSON := fs.Bool("json", false, "print JSON, as GET /version answers")
	if err := parse(fs, args); err != nil {
		return err
	}
	info := buildinfo.Get()
	if *asJSON {
		b, _ := json.MarshalIndent(info, "", "  ")
		_, err := fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	line := "wolfden " + info.Version
	if info.Commit != "" {
		line += " (" + info.Commit
		if info.Modified {
			line += ", modified"
		}
		line += ")"
	}
	_, err := fmt.Fprintf(stdout, "%s %s %s\n", line, info.GoVersion, info.Platform)
	return err
}
