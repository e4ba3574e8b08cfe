package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"
	"github.com/wolfden/wolfden"
)

const detectionRuleColumns = `id, category, version, active, document, modified_by, modified_login, created_at, modified_at`

func (t *tenantStore) scanDetectionRule(r row) (*wolfden.DetectionRule, error) {
	rule := wolfden.DetectionRule{TenantID: t.tenantID}
	var (
		doc               string
		created, modified int64
	)
	if err := r.Scan(&rule.ID, &rule.Category, &rule.Version, &rule.Active, &doc, &rule.ModifiedBy.ID,
		&rule.ModifiedBy.Login, &created, &modified); err != nil {
		return nil, err
	}
	rule.Created, rule.Modified = fromMicros(created), fromMicros(modified)
	return &rule, json.Unmarshal([]byte(doc), &rule.Document)
}

// CreateDetectionRule stores a rule.
func (t *tenantStore) CreateDetectionRule(ctx context.Context, r *wolfden.DetectionRule) error {
	if r.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "rule belongs to another tenant")
	}
	doc, err := json.Marshal(r.Document)
	if err != nil {
		return err
	}
	_, err = t.writer().exec(ctx, `INSERT INTO detection_rules (tenant_id, id, name, name_key, category, version, active,
		document, modified_by, modified_login, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		t.tenantID, r.ID, r.Document.Name, strings.ToLower(r.Document.Name), r.Category, r.Version, r.Active, string(doc),
		r.ModifiedBy.ID, r.ModifiedBy.Login, micros(r.Created), micros(r.Modified))
	return err
}

// DetectionRule finds a rule by id.
func (t *tenantStore) DetectionRule(ctx context.Context, id uuid.UUID) (*wolfden.DetectionRule, error) {
	return t.findDetectionRule(ctx, t.reader(), id)
}

func (t *tenantStore) findDetectionRule(ctx context.Context, q runner, id uuid.UUID) (*wolfden.DetectionRule, error) {
	r, err := t.scanDetectionRule(q.queryRow(ctx, `SELECT `+detectionRuleColumns+` FROM detection_rules
		WHERE tenant_id = $1 AND id = $2`, t.tenantID, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, wolfden.Errorf(wolfden.ENotFound, "rule %s not found", id)
	}
	return r, err
}

// UpdateDetectionRule reads, changes and writes a rule in one transaction.
func (t *tenantStore) UpdateDetectionRule(ctx context.Context, id uuid.UUID, change func(*wolfden.DetectionRule) error) (*wolfden.DetectionRule, error) {
	return readChangeWrite(ctx, t.Store, func(tx runner) (*wolfden.DetectionRule, error) { return t.findDetectionRule(ctx, tx, id) },
		change, func(tx runner, r *wolfden.DetectionRule) error {
			doc, err := json.Marshal(r.Document)
			if err != nil {
				return err
			}
			_, err = tx.exec(ctx, `UPDATE detection_rules SET name = $3, name_key = $4, version = $5, active = $6, document = $7,
				modified_by = $8, modified_login = $9, modified_at = $10 WHERE tenant_id = $1 AND id = $2`,
				t.tenantID, id, r.Document.Name, strings.ToLower(r.Document.Name), r.Version, r.Active, string(doc),
				r.ModifiedBy.ID, r.ModifiedBy.Login, micros(r.Modified))
			return err
		})
}
