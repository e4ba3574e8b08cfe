package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
)

const zoneColumns = `z.id, z.name, z.policy_id, z.criticality, z.update_type, z.zone_rule_id, z.created_at, z.modified_at`

// optionalZoneColumns are zoneColumns of a zone that may be missing (an
// outer join), read as a zone with a nil id.
const optionalZoneColumns = `COALESCE(z.id, ''), COALESCE(z.name, ''), COALESCE(z.policy_id, ''),
	COALESCE(z.criticality, ''), COALESCE(z.update_type, ''), z.zone_rule_id, COALESCE(z.created_at, 0),
	COALESCE(z.modified_at, 0)`

func scanZone(r row, tenantID uuid.UUID) (*wolfden.Zone, error) {
	z := wolfden.Zone{TenantID: tenantID}
	var (
		ruleID            sql.NullString
		created, modified int64
	)
	if err := r.Scan(&z.ID, &z.Name, &z.PolicyID, &z.Criticality, &z.UpdateType, &ruleID, &created, &modified); err != nil {
		return nil, err
	}
	if ruleID.Valid {
		z.ZoneRuleID = &ruleID.String
	}
	z.Created, z.Modified = fromMicros(created), fromMicros(modified)
	return &z, nil
}

// CreateZone stores a zone.
func (t *tenantStore) CreateZone(ctx context.Context, z *wolfden.Zone) error {
	if z.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "zone belongs to another tenant")
	}
	return t.inTx(ctx, func(tx runner) error {
		if err := t.checkPolicy(ctx, tx, z.PolicyID); err != nil {
			return err
		}
		_, err := tx.exec(ctx, `INSERT INTO zones (tenant_id, id, name, policy_id, criticality, update_type,
			zone_rule_id, created_at, modified_at, name_key)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			t.tenantID, z.ID, z.Name, z.PolicyID, z.Criticality, z.UpdateType, z.ZoneRuleID,
			micros(z.Created), micros(z.Modified), strings.ToLower(z.Name))
		return t.conflictIf(err, "zone name %q is already in use", z.Name)
	})
}

// checkPolicy reports ENotFound unless the tenant has the policy.
func (t *tenantStore) checkPolicy(ctx context.Context, tx runner, id uuid.UUID) error {
	_, err := t.policyName(ctx, tx, id)
	return err
}

// policyName reads the name of the policy the caller means to assign.
func (t *tenantStore) policyName(ctx context.Context, tx runner, id uuid.UUID) (string, error) {
	var name string
	err := tx.queryRow(ctx, `SELECT name FROM policies WHERE tenant_id = $1 AND id = $2`, t.tenantID, id).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", &wolfden.Error{Code: wolfden.ENotFound, Field: "policy_id", Message: "policy " + id.String() + " not found"}
	}
	return name, err
}

// zoneIDSet reads the ids of the tenant's zones.
func (t *tenantStore) zoneIDSet(ctx context.Context, q runner) (map[uuid.UUID]bool, error) {
	rows, err := q.query(ctx, `SELECT id FROM zones WHERE tenant_id = $1`, t.tenantID)
	ids, err := scanAll(rows, err, scanID)
	if err != nil {
		return nil, err
	}
	set := make(map[uuid.UUID]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set, nil
}

// Zone finds a zone by id.
func (t *tenantStore) Zone(ctx context.Context, id uuid.UUID) (*wolfden.Zone, error) {
	return t.findZone(ctx, t.reader(), id)
}

func (t *tenantStore) findZone(ctx context.Context, q runner, id uuid.UUID) (*wolfden.Zone, error) {
	z, err := scanZone(q.queryRow(ctx, `SELECT `+zoneColumns+` FROM zones z WHERE z.tenant_id = $1 AND z.id = $2`, t.tenantID, id), t.tenantID)
	return z, notFoundIf(err, "zone %s not found", id)
}

// Zones lists one page of zones by name.
func (t *tenantStore) Zones(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[wolfden.Zone], error) {
	var result wolfden.Page[wolfden.Zone]
	err := t.inReadTx(ctx, func(tx runner) error {
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM zones WHERE tenant_id = $1`, t.tenantID).Scan(&result.Total); err != nil {
			return err
		}
		var err error
		result.Items, err = t.scanZones(tx.query(ctx, `SELECT `+zoneColumns+` FROM zones z WHERE z.tenant_id = $1
			ORDER BY z.name_key, z.id LIMIT $2 OFFSET $3`, t.tenantID, page.Size, page.Offset()))
		return err
	})
	return result, err
}

func (t *tenantStore) scanZones(rows *sql.Rows, err error) ([]wolfden.Zone, error) {
	return scanAll(rows, err, func(r row) (*wolfden.Zone, error) { return scanZone(r, t.tenantID) })
}

// UpdateZone reads, changes and writes a zone in one transaction.
func (t *tenantStore) UpdateZone(ctx context.Context, id uuid.UUID, change func(*wolfden.Zone) error) (*wolfden.Zone, error) {
	return readChangeWrite(ctx, t.Store, func(tx runner) (*wolfden.Zone, error) { return t.findZone(ctx, tx, id) }, change,
		func(tx runner, z *wolfden.Zone) error {
			if err := t.checkPolicy(ctx, tx, z.PolicyID); err != nil {
				return err
			}
			_, err := tx.exec(ctx, `UPDATE zones SET name = $3, name_key = $4, policy_id = $5, criticality = $6,
				update_type = $7, zone_rule_id = $8, modified_at = $9 WHERE tenant_id = $1 AND id = $2`,
				t.tenantID, id, z.Name, strings.ToLower(z.Name), z.PolicyID, z.Criticality, z.UpdateType, z.ZoneRuleID,
				micros(z.Modified))
			return t.conflictIf(err, "zone name %q is already in use", z.Name)
		})
}

// DeleteZone deletes a zone; user roles in it go with it (foreign keys).
func (t *tenantStore) DeleteZone(ctx context.Context, id uuid.UUID) error {
	res, err := t.execWrite(ctx, `DELETE FROM zones WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
	return changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "zone %s not found", id) })
}
