// Package store is the storage contract: Store, which reaches across
// tenants, TenantStore and PartnerStore, which reach one tenant or partner
// only, so that isolation is enforced below every handler, and the role
// interfaces they are made of. Package sqlstore implements it for SQLite
// and PostgreSQL; package storetest is the suite every implementation
// passes.
package store
