package sqlstore

import (
	"context"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/policy"
)

const policyTemplateColumns = `id, name, document, created_at, modified_at`

func scanPolicyTemplate(r row, partnerID uuid.UUID) (*policy.Template, error) {
	t := policy.Template{PartnerID: partnerID}
	var (
		doc               string
		created, modified int64
	)
	if err := r.Scan(&t.ID, &t.Name, &doc, &created, &modified); err != nil {
		return nil, err
	}
	t.Created, t.Modified = fromMicros(created), fromMicros(modified)
	return &t, json.Unmarshal([]byte(doc), &t.Document)
}

// CreatePolicyTemplate stores a template.
func (p *partnerStore) CreatePolicyTemplate(ctx context.Context, t *policy.Template) error {
	if t.PartnerID != p.partnerID {
		return wolfden.Errorf(wolfden.EInvalid, "policy template belongs to another partner")
	}
	doc, err := t.Document.CanonicalJSON()
	if err != nil {
		return err
	}
	_, err = p.execWrite(ctx, `INSERT INTO policy_templates (partner_id, id, name, name_key, document, created_at, modified_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)`, p.partnerID, t.ID, t.Name, strings.ToLower(t.Name), string(doc),
		micros(t.Created), micros(t.Modified))
	return p.conflictIf(err, "policy template name %q is already in use", t.Name)
}

// PolicyTemplate finds one of the partner's templates.
func (p *partnerStore) PolicyTemplate(ctx context.Context, id uuid.UUID) (*policy.Template, error) {
	return p.findPolicyTemplate(ctx, p.reader(), id)
}

func (p *partnerStore) findPolicyTemplate(ctx context.Context, q runner, id uuid.UUID) (*policy.Template, error) {
	t, err := scanPolicyTemplate(q.queryRow(ctx, `SELECT `+policyTemplateColumns+` FROM policy_templates
		WHERE partner_id = $1 AND id = $2`, p.partnerID, id), p.partnerID)
	return t, notFoundIf(err, "policy template %s not found", id)
}

// PolicyTemplates lists the partner's templates by name.
func (p *partnerStore) PolicyTemplates(ctx context.Context, page wolfden.PageRequest) (wolfden.Page[policy.Template], error) {
	return pageOf(ctx, p.Store, page, `SELECT COUNT(*) FROM policy_templates WHERE partner_id = $1`,
		`SELECT `+policyTemplateColumns+` FROM policy_templates WHERE partner_id = $1 ORDER BY name_key, id LIMIT $2 OFFSET $3`,
		[]any{p.partnerID}, func(r row) (*policy.Template, error) { return scanPolicyTemplate(r, p.partnerID) })
}

// UpdatePolicyTemplate reads, changes and writes a template in one
// transaction.
func (p *partnerStore) UpdatePolicyTemplate(ctx context.Context, id uuid.UUID, change func(*policy.Template) error) (*policy.Template, error) {
	return readChangeWrite(ctx, p.Store, func(tx runner) (*policy.Template, error) { return p.findPolicyTemplate(ctx, tx, id) },
		change, func(tx runner, t *policy.Template) error {
			doc, err := t.Document.CanonicalJSON()
			if err != nil {
				return err
			}
			_, err = tx.exec(ctx, `UPDATE policy_templates SET name = $3, name_key = $4, document = $5, modified_at = $6
				WHERE partner_id = $1 AND id = $2`, p.partnerID, id, t.Name, strings.ToLower(t.Name), string(doc), micros(t.Modified))
			return p.conflictIf(err, "policy template name %q is already in use", t.Name)
		})
}

// DeletePolicyTemplate deletes one of the partner's templates.
func (p *partnerStore) DeletePolicyTemplate(ctx context.Context, id uuid.UUID) error {
	res, err := p.execWrite(ctx, `DELETE FROM policy_templates WHERE partner_id = $1 AND id = $2`, p.partnerID, id)
	return changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "policy template %s not found", id) })
}

// ApplyPolicyTemplate creates or replaces a policy in each tenant, one
// transaction per tenant. A failure of the database itself stops the run
// and is returned: tenants before it keep their policy.
func (p *partnerStore) ApplyPolicyTemplate(ctx context.Context, templateID uuid.UUID, tenants []uuid.UUID,
	apply func(*policy.Template, uuid.UUID, *policy.DevicePolicy) (*policy.DevicePolicy, error)) ([]policy.TemplateApplication, error) {
	tpl, err := p.PolicyTemplate(ctx, templateID)
	if err != nil {
		return nil, err
	}
	results := make([]policy.TemplateApplication, len(tenants))
	for i, tenantID := range tenants {
		r := &results[i]
		r.TenantID = tenantID
		r.Err = p.inTx(ctx, func(tx runner) error {
			var owned int
			if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM tenants WHERE partner_id = $1 AND id = $2`,
				p.partnerID, tenantID).Scan(&owned); err != nil {
				return err
			}
			if owned == 0 {
				return wolfden.Errorf(wolfden.ENotFound, "tenant %s not found", tenantID)
			}
			ts := &tenantStore{Store: p.Store, tenantID: tenantID}
			current, err := ts.policyNamed(ctx, tx, tpl.Document.PolicyName)
			if err != nil {
				return err
			}
			policy, err := apply(tpl, tenantID, current)
			if err != nil {
				return err
			}
			if current == nil {
				err = insertPolicy(ctx, tx, policy)
			} else {
				err = updatePolicy(ctx, tx, policy)
			}
			if err = ts.conflictIf(err, "policy name %q is already in use", policy.Name); err != nil {
				return err
			}
			r.PolicyID, r.Created = policy.ID, current == nil
			return nil
		})
		if r.Err != nil && wolfden.CodeOf(r.Err) == wolfden.EInternal {
			return nil, r.Err
		}
	}
	return results, nil
}
