package sqlstore

import (
	"context"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
	"github.com/wolfden/wolfden/store"
)

const detectionRuleColumns = `r.id, r.kind, r.category, r.version, r.active, r.document, r.modified_by, r.modified_login, r.created_at, r.modified_at`

func (t *tenantStore) scanDetectionRule(r row, extra ...any) (*optics.DetectionRule, error) {
	rule := optics.DetectionRule{TenantID: t.tenantID}
	var (
		doc               string
		created, modified int64
	)
	if err := r.Scan(append([]any{&rule.ID, &rule.Kind, &rule.Category, &rule.Version, &rule.Active, &doc, &rule.ModifiedBy.ID,
		&rule.ModifiedBy.Login, &created, &modified}, extra...)...); err != nil {
		return nil, err
	}
	rule.Created, rule.Modified = fromMicros(created), fromMicros(modified)
	return &rule, json.Unmarshal([]byte(doc), &rule.Document)
}

// CreateDetectionRule stores a rule.
func (t *tenantStore) CreateDetectionRule(ctx context.Context, r *optics.DetectionRule) error {
	if r.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "rule belongs to another tenant")
	}
	doc, err := json.Marshal(r.Document)
	if err != nil {
		return err
	}
	_, err = t.execWrite(ctx, `INSERT INTO detection_rules (tenant_id, id, kind, name, name_key, category, version, active,
		document, modified_by, modified_login, created_at, modified_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		t.tenantID, r.ID, r.Kind, r.Document.Name, strings.ToLower(r.Document.Name), r.Category, r.Version, r.Active, string(doc),
		r.ModifiedBy.ID, r.ModifiedBy.Login, micros(r.Created), micros(r.Modified))
	return err
}

// DetectionRule finds a rule of kind by id.
func (t *tenantStore) DetectionRule(ctx context.Context, kind optics.RuleKind, id uuid.UUID) (*optics.DetectionRule, error) {
	return t.findDetectionRule(ctx, t.reader(), kind, id)
}

func (t *tenantStore) findDetectionRule(ctx context.Context, q runner, kind optics.RuleKind, id uuid.UUID) (*optics.DetectionRule, error) {
	r, err := t.scanDetectionRule(q.queryRow(ctx, `SELECT `+detectionRuleColumns+` FROM detection_rules r
		WHERE r.tenant_id = $1 AND r.id = $2 AND r.kind = $3`, t.tenantID, id, kind))
	return r, notFoundIf(err, "%s %s not found", kind.Noun(), id)
}

// UpdateDetectionRule reads, changes and writes a rule in one transaction.
func (t *tenantStore) UpdateDetectionRule(ctx context.Context, kind optics.RuleKind, id uuid.UUID, change func(*optics.DetectionRule) error) (*optics.DetectionRule, error) {
	return readChangeWrite(ctx, t.Store, func(tx runner) (*optics.DetectionRule, error) { return t.findDetectionRule(ctx, tx, kind, id) },
		change, func(tx runner, r *optics.DetectionRule) error {
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

// ruleDevices counts the devices whose policy's rule set enables the rule
// of the outer query's r.id.
const ruleDevices = `(SELECT COUNT(*) FROM devices d
	JOIN policies p ON p.tenant_id = d.tenant_id AND p.id = d.policy_id
	JOIN rule_set_rules sr ON sr.tenant_id = p.tenant_id AND sr.rule_set_id = p.detection_rule_set_id
	WHERE d.tenant_id = r.tenant_id AND sr.rule_id = r.id AND sr.enabled)`

// DetectionRules lists rules of kind by name with their device counts:
// detection rules while active, exceptions all.
func (t *tenantStore) DetectionRules(ctx context.Context, kind optics.RuleKind, page wolfden.PageRequest) (wolfden.Page[optics.DetectionRule], error) {
	activeOnly := kind == optics.RuleKindDetection
	return pageOf(ctx, t.Store, page, `SELECT COUNT(*) FROM detection_rules WHERE tenant_id = $1 AND kind = $2 AND (active OR NOT $3)`,
		`SELECT `+detectionRuleColumns+`, `+ruleDevices+` FROM detection_rules r
		WHERE r.tenant_id = $1 AND r.kind = $2 AND (r.active OR NOT $3)
		ORDER BY r.name_key, r.id LIMIT $4 OFFSET $5`,
		[]any{t.tenantID, kind, activeOnly}, func(r row) (*optics.DetectionRule, error) {
			var devices int
			rule, err := t.scanDetectionRule(r, &devices)
			if err == nil {
				rule.DeviceCount = devices
			}
			return rule, err
		})
}

// DetectionRuleCounts counts the sets holding a rule, the devices it
// applies to and the detections it raised.
func (t *tenantStore) DetectionRuleCounts(ctx context.Context, id uuid.UUID) (store.RuleCounts, error) {
	var c store.RuleCounts
	err := t.reader().queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM rule_set_rules sr WHERE sr.tenant_id = r.tenant_id AND sr.rule_id = r.id), `+ruleDevices+`,
		(SELECT COUNT(*) FROM detections d WHERE d.tenant_id = r.tenant_id AND d.rule_id = r.id)
		FROM detection_rules r WHERE r.tenant_id = $1 AND r.id = $2 AND r.kind = $3`,
		t.tenantID, id, optics.RuleKindDetection).Scan(&c.RuleSets, &c.Devices, &c.Detections)
	return c, notFoundIf(err, "rule %s not found", id)
}

// ActiveDetectionRules lists the active rules of kind by name.
func (t *tenantStore) ActiveDetectionRules(ctx context.Context, kind optics.RuleKind) ([]optics.DetectionRule, error) {
	rows, err := t.reader().query(ctx, `SELECT `+detectionRuleColumns+` FROM detection_rules r
		WHERE r.tenant_id = $1 AND r.kind = $2 AND r.active ORDER BY r.name_key, r.id`, t.tenantID, kind)
	return scanAll(rows, err, func(r row) (*optics.DetectionRule, error) { return t.scanDetectionRule(r) })
}
