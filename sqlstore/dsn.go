package sqlstore

import (
	"fmt"
	"strings"
)

// SQLitePath returns the file a SQLite dsn names: a path, or one after a
// sqlite: or file: prefix ("sqlite:data/w.db", "file:/var/lib/w.db").
// wolfden sets the connection's parameters itself, so a dsn with a query
// (SQLite's file:w.db?mode=ro) is refused rather than half obeyed.
func SQLitePath(dsn string) (string, error) {
	path := dsn
	for _, prefix := range []string{"sqlite://", "sqlite:", "file://", "file:"} {
		if p, ok := strings.CutPrefix(dsn, prefix); ok {
			path = p
			break
		}
	}
	switch {
	case path == "":
		return "", fmt.Errorf("the database %q names no file", dsn)
	case strings.ContainsAny(path, "?#"):
		return "", fmt.Errorf("the database %q: a SQLite path takes no query or fragment (wolfden sets the connection's parameters)", dsn)
	}
	return path, nil
}
