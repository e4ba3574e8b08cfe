package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

const policyColumns = `id, name, document, checksum, modified_by, created_at, modified_at`

func scanPolicy(r row, tenantID uuid.UUID) (*policy.DevicePolicy, error) {
	p := policy.DevicePolicy{TenantID: tenantID}
	var (
		doc               string
		created, modified int64
	)
	if err := r.Scan(&p.ID, &p.Name, &doc, &p.Checksum, &p.ModifiedBy, &created, &modified); err != nil {
		return nil, err
	}
	p.Created, p.Modified = fromMicros(created), fromMicros(modified)
	if doc == "" { // a Default policy stored before documents were
		def := policy.DefaultDevicePolicy(tenantID, p.Created)
		p.Document, p.Checksum = def.Document, def.Checksum
		return &p, nil
	}
	if err := json.Unmarshal([]byte(doc), &p.Document); err != nil {
		return nil, err
	}
	return &p, nil
}

// insertPolicy stores p in tx.
func insertPolicy(ctx context.Context, tx runner, p *policy.DevicePolicy) error {
	doc, err := p.Document.CanonicalJSON()
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `INSERT INTO policies (tenant_id, id, name, name_key, is_default, document, checksum,
		modified_by, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		p.TenantID, p.ID, p.Name, strings.ToLower(p.Name), p.IsDefault(), string(doc), p.Checksum, p.ModifiedBy,
		micros(p.Created), micros(p.Modified))
	return err
}

// updatePolicy stores p over the policy of its id in tx.
func updatePolicy(ctx context.Context, tx runner, p *policy.DevicePolicy) error {
	doc, err := p.Document.CanonicalJSON()
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE policies SET name = $3, name_key = $4, document = $5, checksum = $6,
		modified_by = $7, modified_at = $8 WHERE tenant_id = $1 AND id = $2`,
		p.TenantID, p.ID, p.Name, strings.ToLower(p.Name), string(doc), p.Checksum, p.ModifiedBy, micros(p.Modified))
	return err
}

// CreatePolicy stores a policy.
func (t *tenantStore) CreatePolicy(ctx context.Context, p *policy.DevicePolicy) error {
	if p.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "policy belongs to another tenant")
	}
	return t.inTx(ctx, func(tx runner) error {
		return t.conflictIf(insertPolicy(ctx, tx, p), "policy name %q is already in use", p.Name)
	})
}

// DevicePolicy finds a policy by id.
func (t *tenantStore) DevicePolicy(ctx context.Context, id uuid.UUID) (*policy.DevicePolicy, error) {
	return t.findPolicy(ctx, t.reader(), id)
}

func (t *tenantStore) findPolicy(ctx context.Context, q runner, id uuid.UUID) (*policy.DevicePolicy, error) {
	p, err := scanPolicy(q.queryRow(ctx, `SELECT `+policyColumns+` FROM policies WHERE tenant_id = $1 AND id = $2`,
		t.tenantID, id), t.tenantID)
	return p, notFoundIf(err, "policy %s not found", id)
}

// policyNamed finds the policy named name (case-insensitively) in q; nil
// when there is none.
func (t *tenantStore) policyNamed(ctx context.Context, q runner, name string) (*policy.DevicePolicy, error) {
	p, err := scanPolicy(q.queryRow(ctx, `SELECT `+policyColumns+` FROM policies WHERE tenant_id = $1 AND name_key = $2`,
		t.tenantID, strings.ToLower(name)), t.tenantID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return p, err
}

// policySummarySelect reads policies with how many devices and zones use
// each and the rule set assigned to each.
const policySummarySelect = `SELECT p.id, p.name, p.created_at, p.modified_at, p.detection_rule_set_id,
	(SELECT COUNT(*) FROM devices d WHERE d.tenant_id = p.tenant_id AND d.policy_id = p.id),
	(SELECT COUNT(*) FROM zones z WHERE z.tenant_id = p.tenant_id AND z.policy_id = p.id)
	FROM policies p `

func scanPolicySummary(r row) (*policy.Summary, error) {
	var (
		s                 policy.Summary
		created, modified int64
		ruleSet           sql.Null[uuid.UUID]
	)
	if err := r.Scan(&s.ID, &s.Name, &created, &modified, &ruleSet, &s.DeviceCount, &s.ZoneCount); err != nil {
		return nil, err
	}
	s.Created, s.Modified, s.RuleSetID = fromMicros(created), fromMicros(modified), ruleSet.V
	return &s, nil
}

// Policies lists one page of policies by name.
func (t *tenantStore) Policies(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[policy.Summary], error) {
	return pageOf(ctx, t.Store, page, `SELECT COUNT(*) FROM policies WHERE tenant_id = $1`,
		policySummarySelect+`WHERE p.tenant_id = $1 ORDER BY p.name_key, p.id LIMIT $2 OFFSET $3`,
		[]any{t.tenantID}, scanPolicySummary)
}

// PolicySummary finds one policy's summary.
func (t *tenantStore) PolicySummary(ctx context.Context, id uuid.UUID) (*policy.Summary, error) {
	s, err := scanPolicySummary(t.reader().queryRow(ctx, policySummarySelect+`WHERE p.tenant_id = $1 AND p.id = $2`, t.tenantID, id))
	return s, notFoundIf(err, "policy %s not found", id)
}

// UpdatePolicy reads, changes and writes a policy in one transaction.
func (t *tenantStore) UpdatePolicy(ctx context.Context, id uuid.UUID, change func(*policy.DevicePolicy) error) (*policy.DevicePolicy, error) {
	return readChangeWrite(ctx, t.Store, func(tx runner) (*policy.DevicePolicy, error) { return t.findPolicy(ctx, tx, id) }, change,
		func(tx runner, p *policy.DevicePolicy) error {
			return t.conflictIf(updatePolicy(ctx, tx, p), "policy name %q is already in use", p.Name)
		})
}

// DeletePolicies deletes policies in one transaction, moving their
// devices and zones to the Default policy first.
func (t *tenantStore) DeletePolicies(ctx context.Context, ids []uuid.UUID) error {
	return t.inTx(ctx, func(tx runner) error {
		for _, id := range ids {
			if id == wolfden.DefaultPolicyID {
				return wolfden.Errorf(wolfden.EInvalid, "the Default policy cannot be deleted")
			}
			for _, move := range []string{
				`UPDATE devices SET policy_id = $3, row_version = row_version + 1 WHERE tenant_id = $1 AND policy_id = $2`,
				`UPDATE zones SET policy_id = $3 WHERE tenant_id = $1 AND policy_id = $2`,
			} {
				if _, err := tx.exec(ctx, move, t.tenantID, id, wolfden.DefaultPolicyID); err != nil {
					return err
				}
			}
			res, err := tx.exec(ctx, `DELETE FROM policies WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
			if err := changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "policy %s not found", id) }); err != nil {
				return err
			}
		}
		return nil
	})
}
