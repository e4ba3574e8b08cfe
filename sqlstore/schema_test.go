package sqlstore_test

import (
	"database/sql"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wolfden/wolfden/sqlstore/sqltest"
)

var updateSchema = flag.Bool("update", false, "rewrite sqlstore/schema/*.sql from the migrations")

// TestSchemaSnapshot keeps schema/sqlite.sql and schema/postgres.sql, the
// schema the migrations build on each backend, current: a reader sees the
// tables without replaying every migration, and a migration's effect shows
// in its commit's diff. After changing a migration, rewrite them with
//
//	WOLFDEN_TEST_POSTGRES=… go test ./sqlstore -run TestSchemaSnapshot -update
func TestSchemaSnapshot(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, b sqltest.Backend) {
		db := b.Open(t).ReadDB()
		var got string
		if b.Name == "postgres" {
			got = postgresSchema(t, db)
		} else {
			got = sqliteSchema(t, db)
		}
		path := filepath.Join("schema", b.Name+".sql")
		if *updateSchema {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got != string(want) {
			t.Errorf("%s differs from the schema the migrations build; rewrite it with -update (see the test's comment)", path)
		}
	})
}

func sqliteSchema(t *testing.T, db *sql.DB) string {
	rows, err := db.Query(`SELECT sql FROM sqlite_master WHERE sql IS NOT NULL
		ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1 ELSE 2 END, tbl_name, name`)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("-- The SQLite schema the migrations build; TestSchemaSnapshot keeps it current.\n")
	for rows.Next() {
		var stmt string
		if err := rows.Scan(&stmt); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "\n%s;\n", stmt)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func postgresSchema(t *testing.T, db *sql.DB) string {
	var schema string
	if err := db.QueryRow(`SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	lines := func(query string, args ...any) []string {
		rows, err := db.Query(query, args...)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var out []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			out = append(out, strings.ReplaceAll(s, schema+".", ""))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		return out
	}
	var b strings.Builder
	b.WriteString("-- The PostgreSQL schema the migrations build; TestSchemaSnapshot keeps it current.\n")
	for _, table := range lines(`SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE n.nspname = $1 AND c.relkind = 'r' ORDER BY c.relname`, schema) {
		columns := lines(`SELECT '    ' || quote_ident(a.attname) || ' ' || format_type(a.atttypid, a.atttypmod)
				|| CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END
				|| COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')
			FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`, schema+"."+table)
		constraints := lines(`SELECT '    CONSTRAINT ' || quote_ident(conname) || ' ' || pg_get_constraintdef(oid)
			FROM pg_constraint WHERE conrelid = $1::regclass ORDER BY conname`, schema+"."+table)
		fmt.Fprintf(&b, "\nCREATE TABLE %s (\n%s\n);\n", table, strings.Join(append(columns, constraints...), ",\n"))
		for _, index := range lines(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename = $2
			AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = $3::regclass) ORDER BY indexname`,
			schema, table, schema+"."+table) {
			fmt.Fprintf(&b, "%s;\n", index)
		}
	}
	return b.String()
}
