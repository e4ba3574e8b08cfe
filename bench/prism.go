package bench

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/wolfden/wolfden/openapi"
)

// prismPackage is the Prism release the tool runs: the newest that runs on
// Node 20 (5.15 and later need Node 24).
const prismPackage = "@stoplight/prism-cli@5.14.2"

// startPrism starts Prism mocking wolfden's OpenAPI document: it answers
// each operation with the document's example, as a user who picked a
// spec-driven mock over wolfden would run it.
func startPrism(ctx context.Context, dir string) (*process, error) {
	npx, err := exec.LookPath("npx")
	if err != nil {
		return nil, fmt.Errorf("--prism needs npx (Node.js): %w", err)
	}
	doc, err := openapi.JSON("")
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "openapi.json")
	if err := os.WriteFile(path, doc, 0o644); err != nil {
		return nil, err
	}
	// Fetch the package first: the first run downloads it, which the
	// start-up wait below must not count.
	if out, err := exec.CommandContext(ctx, npx, "--yes", prismPackage, "--version").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("npx %s: %v: %s", prismPackage, err, out)
	}
	return start(ctx, "prism", dir, npx, []string{"--yes", prismPackage, "mock", "--host", "{host}", "--port", "{port}", path}, nil)
}
