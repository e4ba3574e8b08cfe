// Package sqlrun is what wolfden's SQL store and the load tool's storage
// ceiling (bench) share, so that the ceiling writes as the store does and
// nothing is written twice: how a database is opened, the statements'
// parameter lists, the device rows' columns, and SQLite's group commit.
package sqlrun

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
)

// IsPostgres reports whether dsn names a PostgreSQL database rather than a
// SQLite file.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// sqlitePragmas are the settings of every SQLite connection: WAL mode
// with synchronous=FULL, so that a committed transaction is on disk
// before the commit returns.
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"journal_mode(WAL)",
	"synchronous(FULL)",
	"foreign_keys(1)",
}

// SQLiteWriter is the data source name of path's writer connection: a
// larger page cache, and transactions that take the write lock when they
// begin rather than fail to upgrade to it later.
func SQLiteWriter(path string) string {
	pragmas := url.Values{"_pragma": append(slices.Clone(sqlitePragmas), "cache_size(-32768)")}
	return path + "?" + pragmas.Encode() + "&_txlock=immediate"
}

// SQLiteReader is the data source name of path's read pool, which cannot
// write.
func SQLiteReader(path string) string {
	pragmas := url.Values{"_pragma": append(slices.Clone(sqlitePragmas), "query_only(1)")}
	return path + "?" + pragmas.Encode()
}

// ValueRows returns the VALUES list of rows rows of cols parameters each:
// "($1, …, $cols), ($cols+1, …)".
func ValueRows(rows, cols int) string {
	var b strings.Builder
	for i := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + Placeholders(1+i*cols, cols) + ")")
	}
	return b.String()
}

// Placeholders returns "$from, $from+1, …" for n parameters.
func Placeholders(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "$%d", from+i)
	}
	return b.String()
}
