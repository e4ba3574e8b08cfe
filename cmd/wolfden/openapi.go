package main

import (
	"context"
	"io"

	"github.com/wolfden/wolfden/openapi"
)

const openapiHelp = `  wolfden openapi [--yaml] [--server URL]
      Print the OpenAPI 3.1 document of every route wolfden serves (as
      GET /openapi.json answers it), or YAML with --yaml; --server URL
      names the server in it. For code generators, linters and mock
      servers: see docs/openapi.md.
`

func printOpenAPI(_ context.Context, args []string, stdout, _ io.Writer, _ env) error {
	fs := newFlagSet("openapi")
	asYAML := fs.Bool("yaml", false, "print YAML")
	server := fs.String("server", "", "the server URL the document names")
	if err := parse(fs, args); err != nil {
		return err
	}
	render := openapi.JSON
	if *asYAML {
		render = openapi.YAML
	}
	b, err := render(*server)
	if err != nil {
		return err
	}
	_, err = stdout.Write(b)
	return err
}
