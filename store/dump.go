package store

import "github.com/go-json-experiment/json/jsontext"

// DumpFormat names the TenantDump format, so that a later one can be told
// apart.
const DumpFormat = "wolfden.tenant.v1"

// TenantDump is a tenant's whole state as table rows: exported from one
// server and imported into another of the same schema version, on either
// backend, it answers the same. It holds the tenant's applications with
// their secrets, so that the credentials of a checked-in fixture keep
// working; the token ids they spent are left out.
type TenantDump struct {
	Format        string      `json:"format"`
	SchemaVersion int         `json:"schema_version"`
	Tables        []DumpTable `json:"tables"` // "tenants" first, holding the tenant's row
}

// DumpTable is the rows of one table, each value as JSON: a string,
// number, boolean or null, and bytes as base64.
type DumpTable struct {
	Name    string             `json:"name"`
	Columns []string           `json:"columns"`
	Rows    [][]jsontext.Value `json:"rows"`
}
