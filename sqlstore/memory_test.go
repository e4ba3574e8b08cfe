package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/sqlstore"
)

// TestMemory: each Memory store is a database of its own, working like a
// file's, and nothing of it is left once it is closed.
func TestMemory(t *testing.T) {
	ctx := context.Background()
	a, err := sqlstore.Open(ctx, sqlstore.Memory)
	if err != nil {
		t.Fatal(err)
	}
	b, err := sqlstore.Open(ctx, sqlstore.Memory)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	tn, app, err := wolfden.NewTenant("Acme", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := a.CreateTenant(ctx, tn, app); err != nil {
		t.Fatal(err)
	}
	if n, err := a.CountTenants(ctx); err != nil || n != 1 {
		t.Fatalf("the first store counts %d tenants, %v; want 1", n, err)
	}
	if n, err := b.CountTenants(ctx); err != nil || n != 0 {
		t.Fatalf("the second store counts %d tenants, %v; want its own none", n, err)
	}
	var file string
	if err := a.ReadDB().QueryRowContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`).Scan(&file); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Dir(file)); !os.IsNotExist(err) {
		t.Errorf("after Close the database's directory %s is still there (%v)", filepath.Dir(file), err)
	}
}
