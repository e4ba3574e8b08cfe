package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore"
)

func TestSQLitePath(t *testing.T) {
	for _, tt := range []struct {
		dsn, path, err string
	}{
		{"wolfden.db", "wolfden.db", ""},
		{"data/w.db", "data/w.db", ""},
		{"sqlite:x.db", "x.db", ""},
		{"sqlite:///var/lib/w.db", "/var/lib/w.db", ""},
		{"file:x.db", "x.db", ""},
		{"file:/tmp/x.db", "/tmp/x.db", ""},
		{"sqlite:", "", "names no file"},
		{"file:x.db?mode=ro", "", "no query"},
	} {
		path, err := sqlstore.SQLitePath(tt.dsn)
		if path != tt.path || (err == nil) != (tt.err == "") || err != nil && !strings.Contains(err.Error(), tt.err) {
			t.Errorf("SQLitePath(%q) = %q, %v; want %q, %q", tt.dsn, path, err, tt.path, tt.err)
		}
	}
}

// A prefixed dsn opens the file it names, and a file that cannot be
// opened is named in the error.
func TestOpenSQLiteForms(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(filepath.Join(dir, "w.db")); err != nil {
		t.Errorf("sqlite:PATH did not create PATH: %v", err)
	}
	missing := filepath.Join(dir, "no", "such", "dir", "w.db")
	if _, err := sqlstore.Open(ctx, missing); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("Open in a missing directory: %v; want an error naming %s", err, missing)
	}
}
