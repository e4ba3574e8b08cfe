package sqlstore

import (
	"context"
	"encoding/base64"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/store"
)

// dumpedTables are the tables a dump holds after the tenant's own row,
// each after the tables it references, so that an import in this order
// breaks no foreign key: tenantTables backwards, without the spent token
// ids.
func dumpedTables() []string {
	tables := slices.Clone(tenantTables)
	slices.Reverse(tables)
	return slices.DeleteFunc(tables, func(t string) bool { return t == "used_token_ids" })
}

// ExportTenant dumps the tenant's row and every row it owns.
func (s *Store) ExportTenant(ctx context.Context, id uuid.UUID) (*store.TenantDump, error) {
	dump := &store.TenantDump{Format: store.DumpFormat}
	err := s.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&dump.SchemaVersion); err != nil {
			return err
		}
		tenant, err := dumpRows(ctx, tx, "tenants", "id", id)
		if err != nil {
			return err
		}
		if len(tenant.Rows) == 0 {
			return wolfden.Errorf(wolfden.ENotFound, "tenant %s not found", id)
		}
		dump.Tables = append(dump.Tables, tenant)
		for _, table := range dumpedTables() {
			t, err := dumpRows(ctx, tx, table, "tenant_id", id)
			if err != nil {
				return err
			}
			dump.Tables = append(dump.Tables, t)
		}
		return nil
	})
	return dump, err
}

// dumpRows reads the rows of table whose column equals id, in a stable
// order, every value as JSON.
func dumpRows(ctx context.Context, tx runner, table, column string, id uuid.UUID) (store.DumpTable, error) {
	out := store.DumpTable{Name: table, Rows: [][]jsontext.Value{}}
	rows, err := tx.tx.QueryContext(ctx, `SELECT * FROM `+table+` WHERE `+column+` = $1 ORDER BY 1, 2`, id)
	if err != nil {
		return out, err
	}
	defer rows.Close()
	if out.Columns, err = rows.Columns(); err != nil {
		return out, err
	}
	values := make([]any, len(out.Columns))
	pointers := make([]any, len(values))
	for i := range values {
		pointers[i] = &values[i]
	}
	for rows.Next() {
		if err := rows.Scan(pointers...); err != nil {
			return out, err
		}
		row := make([]jsontext.Value, len(values))
		for i, v := range values {
			if row[i], err = json.Marshal(v); err != nil {
				return out, fmt.Errorf("%s.%s: %w", table, out.Columns[i], err)
			}
		}
		out.Rows = append(out.Rows, row)
	}
	return out, rows.Err()
}

// ImportTenant stores a dump under its own tenant id and name. The dump
// names the tables and columns, so each is checked against the schema
// before it reaches a statement, and every row must belong to the dump's
// tenant: a dump cannot write into another tenant. A partner the tenant
// belonged to is dropped: it does not exist on this server.
func (s *Store) ImportTenant(ctx context.Context, dump *store.TenantDump, name string) (*wolfden.Tenant, error) {
	if dump.Format != store.DumpFormat {
		return nil, wolfden.FieldErrorf("format", "a tenant dump's format is %q, not %q", store.DumpFormat, dump.Format)
	}
	var version int
	if err := s.reader().queryRow(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&version); err != nil {
		return nil, err
	}
	if dump.SchemaVersion != version {
		return nil, wolfden.FieldErrorf("schema_version", "the dump is of schema version %d; this server's is %d", dump.SchemaVersion, version)
	}
	if len(dump.Tables) == 0 || dump.Tables[0].Name != "tenants" || len(dump.Tables[0].Rows) != 1 {
		return nil, wolfden.FieldErrorf("tables", "a tenant dump starts with the table tenants holding the tenant's one row")
	}
	if name = strings.TrimSpace(name); name != "" {
		if err := wolfden.ValidateTenantName(name); err != nil {
			return nil, err
		}
		renamed, err := renamedTenant(dump.Tables[0], name)
		if err != nil {
			return nil, err
		}
		dump = &store.TenantDump{Format: dump.Format, SchemaVersion: dump.SchemaVersion,
			Tables: append([]store.DumpTable{renamed}, dump.Tables[1:]...)}
	}
	var tenantID uuid.UUID
	err := s.inTx(ctx, func(tx runner) error {
		allowed := append([]string{"tenants"}, dumpedTables()...)
		seen := map[string]bool{}
		for i, t := range dump.Tables {
			if !slices.Contains(allowed, t.Name) || seen[t.Name] {
				return wolfden.FieldErrorf(fmt.Sprintf("tables[%d].name", i), "%q is not a table a dump may hold, or holds twice", t.Name)
			}
			seen[t.Name] = true
			types, err := s.columnTypes(ctx, tx, t.Name)
			if err != nil {
				return err
			}
			if i == 0 {
				if tenantID, err = dumpedTenantID(t); err != nil {
					return err
				}
			}
			if err := importRows(ctx, tx, i, t, types, tenantID); err != nil {
				return err
			}
		}

		// Device lists cached under the dumped version must not be reused.
		_, err := tx.exec(ctx, `UPDATE tenants SET devices_version = devices_version + 1 WHERE id = $1`, tenantID)
		return err
	})
	if err != nil {
		return nil, err
	}
	s.bookmarks.drop(tenantID) // a tenant deleted and imported again
	return s.Tenant(ctx, tenantID)
}

// renamedTenant is the tenant table of a dump with the tenant's name
// replaced.
func renamedTenant(t store.DumpTable, name string) (store.DumpTable, error) {
	row := slices.Clone(t.Rows[0])
	for column, value := range map[string]string{"name": name, "name_key": strings.ToLower(name)} {
		i := slices.Index(t.Columns, column)
		if i < 0 {
			return t, wolfden.FieldErrorf("tables[0].columns", "the tenant row has no %s", column)
		}
		quoted, err := jsontext.AppendQuote(nil, value)
		if err != nil {
			return t, err
		}
		row[i] = quoted
	}
	return store.DumpTable{Name: t.Name, Columns: t.Columns, Rows: [][]jsontext.Value{row}}, nil
}

// dumpedTenantID is the id of the tenant row of a dump.
func dumpedTenantID(t store.DumpTable) (uuid.UUID, error) {
	i := slices.Index(t.Columns, "id")
	var text string
	if i < 0 || json.Unmarshal(t.Rows[0][i], &text) != nil {
		return uuid.Nil, wolfden.FieldErrorf("tables[0]", "the tenant row has no id")
	}
	id, ok := wolfden.ParseID(text)
	if !ok {
		return uuid.Nil, wolfden.FieldErrorf("tables[0]", "%q is not a tenant id", text)
	}
	return id, nil
}

// importRows inserts a dumped table's rows, each value converted to its
// column's type on this backend.
func importRows(ctx context.Context, tx runner, index int, t store.DumpTable, types map[string]string, tenantID uuid.UUID) error {
	at := fmt.Sprintf("tables[%d]", index)
	owner := "tenant_id"
	if t.Name == "tenants" {
		owner = "id"
	}
	for _, c := range t.Columns {
		if _, ok := types[c]; !ok {
			return wolfden.FieldErrorf(at+".columns", "%s has no column %q", t.Name, c)
		}
	}
	if !slices.Contains(t.Columns, owner) {
		return wolfden.FieldErrorf(at+".columns", "%s rows must name their tenant (%s)", t.Name, owner)
	}
	insert := `INSERT INTO ` + t.Name + ` (` + strings.Join(t.Columns, ", ") + `) VALUES (` + placeholders(len(t.Columns)) + `)`
	for r, row := range t.Rows {
		if len(row) != len(t.Columns) {
			return wolfden.FieldErrorf(fmt.Sprintf("%s.rows[%d]", at, r), "the row has %d values for %d columns", len(row), len(t.Columns))
		}
		args := make([]any, len(row))
		for i, raw := range row {
			v, err := columnValue(types[t.Columns[i]], raw)
			if err != nil {
				return wolfden.FieldErrorf(fmt.Sprintf("%s.rows[%d][%d]", at, r, i), "%s.%s: %v", t.Name, t.Columns[i], err)
			}
			switch c := t.Columns[i]; {
			case c == owner && v != tenantID.String():
				return wolfden.FieldErrorf(fmt.Sprintf("%s.rows[%d]", at, r), "the row belongs to tenant %v, not the dump's %s", v, tenantID)
			case t.Name == "tenants" && c == "partner_id":
				v = nil
			}
			args[i] = v
		}
		if _, err := tx.tx.ExecContext(ctx, insert, args...); err != nil {
			if t.Name == "tenants" {
				return tx.s.conflictIf(err, "a tenant with this id or name exists already")
			}
			return err
		}
	}
	return nil
}

func placeholders(n int) string {
	p := make([]string, n)
	for i := range p {
		p[i] = "$" + strconv.Itoa(i+1)
	}
	return strings.Join(p, ", ")
}

// columnTypes maps a table's columns to their kind on this backend: text,
// integer, boolean, real or bytes.
func (s *Store) columnTypes(ctx context.Context, tx runner, table string) (map[string]string, error) {
	query := `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`
	if s.dialect.name == "sqlite" {
		query = `SELECT name, type FROM pragma_table_info($1)`
	}
	rows, err := tx.tx.QueryContext(ctx, query, table)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	types := map[string]string{}
	for rows.Next() {
		var name, declared string
		if err := rows.Scan(&name, &declared); err != nil {
			return nil, err
		}
		types[name] = columnKind(declared)
	}
	return types, rows.Err()
}

func columnKind(declared string) string {
	d := strings.ToLower(declared)
	switch {
	case strings.Contains(d, "bool"):
		return "boolean"
	case strings.Contains(d, "int"):
		return "integer"
	case strings.Contains(d, "blob"), strings.Contains(d, "bytea"):
		return "bytes"
	case strings.Contains(d, "real"), strings.Contains(d, "double"), strings.Contains(d, "numeric"), strings.Contains(d, "float"):
		return "real"
	}
	return "text"
}

// columnValue converts a dumped value to a column's kind: SQLite keeps
// booleans as 0 and 1 and PostgreSQL as true and false, so either reads
// as either.
func columnValue(kind string, raw jsontext.Value) (any, error) {
	if raw.Kind() == 'n' {
		return nil, nil
	}
	switch kind {
	case "boolean":
		switch string(raw) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	case "integer":
		switch string(raw) {
		case "true":
			return int64(1), nil
		case "false":
			return int64(0), nil
		}
		if n, err := strconv.ParseInt(string(raw), 10, 64); err == nil {
			return n, nil
		}
	case "real":
		if f, err := strconv.ParseFloat(string(raw), 64); err == nil {
			return f, nil
		}
	case "bytes":
		var text string
		if json.Unmarshal(raw, &text) == nil {
			if b, err := base64.StdEncoding.DecodeString(text); err == nil {
				return b, nil
			}
		}
	default:
		var text string
		if json.Unmarshal(raw, &text) == nil {
			return text, nil
		}
		if raw.Kind() == '0' { // SQLite may keep a number in a TEXT column
			return string(raw), nil
		}
	}
	return nil, fmt.Errorf("%s is not a %s value", raw, kind)
}
