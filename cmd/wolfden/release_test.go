package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"
)

// The release build runs where nothing is set up: a static binary, an
// empty environment, an empty working directory. It reports the version
// it was stamped with, serves, and answers its own health check.
func TestReleaseBinaryInCleanEnvironment(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a release binary")
	}
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash for scripts/release")
	}
	dist := t.TempDir()
	platform := runtime.GOOS + "/" + runtime.GOARCH
	build := exec.Command(bash, "../../scripts/release", "-o", dist, "-v", "v0.0.0-test", platform)
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("scripts/release: %v\n%s", err, out)
	}
	binary := filepath.Join(dist, "wolfden-v0.0.0-test-"+runtime.GOOS+"-"+runtime.GOARCH)
	sums, err := os.ReadFile(filepath.Join(dist, "SHA256SUMS-v0.0.0-test"))
	if err != nil || !strings.Contains(string(sums), filepath.Base(binary)) {
		t.Errorf("SHA256SUMS: %v %q", err, sums)
	}

	empty := t.TempDir()
	clean := func(ctx context.Context, args ...string) *exec.Cmd {
		cmd := exec.CommandContext(ctx, binary, args...)
		cmd.Env = []string{} // env -i
		cmd.Dir = empty
		return cmd
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := clean(ctx, "version").Output(); err != nil || !strings.HasPrefix(string(out), "wolfden v0.0.0-test ") {
		t.Errorf("version: %q, %v", out, err)
	}

	serve := clean(ctx, "serve", "--addr", "127.0.0.1:0")
	stderr, err := serve.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := serve.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { serve.Process.Kill(); serve.Wait() }()
	addr := regexp.MustCompile(`url=http://(127\.0\.0\.1:\d+)`)
	sc := bufio.NewScanner(stderr)
	var listening string
	for listening == "" && sc.Scan() {
		if m := addr.FindStringSubmatch(sc.Text()); m != nil {
			listening = m[1]
		}
	}
	if listening == "" {
		t.Fatal("the release binary never said where it listens")
	}
	go func() {
		for sc.Scan() {
		}
	}()
	if out, err := clean(ctx, "health", "--addr", listening).CombinedOutput(); err != nil {
		t.Errorf("health: %v\n%s", err, out)
	}
	entries, _ := os.ReadDir(empty)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !strings.Contains(strings.Join(names, " "), "wolfden.db.credentials.json") {
		t.Errorf("the working directory holds %v, want the database and its credentials", names)
	}
}
