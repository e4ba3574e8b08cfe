package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/go-json-experiment/json"
	"github.com/google/uuid"

	"github.com/wolfden/wolfden"
	"github.com/wolfden/wolfden/optics"
)

const ruleSetColumns = `s.id, s.name, s.description, s.category, s.notification_message, s.rules, s.modified_by,
	s.modified_login, s.created_at, s.modified_at`

// ruleSetDevices counts the devices whose policy has the outer query's
// set s.
const ruleSetDevices = `(SELECT COUNT(*) FROM devices d
	JOIN policies p ON p.tenant_id = d.tenant_id AND p.id = d.policy_id
	WHERE d.tenant_id = s.tenant_id AND p.detection_rule_set_id = s.id)`

func (t *tenantStore) scanRuleSet(r row, extra ...any) (*optics.RuleSet, error) {
	s := optics.RuleSet{TenantID: t.tenantID}
	var (
		rules             string
		created, modified int64
	)
	if err := r.Scan(append([]any{&s.ID, &s.Name, &s.Description, &s.Category, &s.NotificationMessage, &rules,
		&s.ModifiedBy.ID, &s.ModifiedBy.Login, &created, &modified}, extra...)...); err != nil {
		return nil, err
	}
	s.Created, s.Modified = fromMicros(created), fromMicros(modified)
	return &s, json.Unmarshal([]byte(rules), &s.Rules)
}

// writeRuleSetRules replaces the set's rows of rule_set_rules.
func (t *tenantStore) writeRuleSetRules(ctx context.Context, tx runner, s *optics.RuleSet) error {
	if _, err := tx.exec(ctx, `DELETE FROM rule_set_rules WHERE tenant_id = $1 AND rule_set_id = $2`, t.tenantID, s.ID); err != nil {
		return err
	}
	for _, r := range s.Rules {
		if _, err := tx.exec(ctx, `INSERT INTO rule_set_rules (tenant_id, rule_set_id, rule_id, enabled) VALUES ($1, $2, $3, $4)`,
			t.tenantID, s.ID, r.RuleID, r.Enabled); err != nil {
			return err
		}
	}
	return nil
}

// CreateRuleSet stores a rule set.
func (t *tenantStore) CreateRuleSet(ctx context.Context, s *optics.RuleSet) error {
	if s.TenantID != t.tenantID {
		return wolfden.Errorf(wolfden.EInvalid, "rule set belongs to another tenant")
	}
	rules, err := json.Marshal(s.Rules)
	if err != nil {
		return err
	}
	return t.inTx(ctx, func(tx runner) error {
		_, err := tx.exec(ctx, `INSERT INTO rule_sets (tenant_id, id, name, name_key, description, description_key, category,
			notification_message, rules, modified_by, modified_login, modified_login_key, created_at, modified_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			t.tenantID, s.ID, s.Name, strings.ToLower(s.Name), s.Description, strings.ToLower(s.Description), s.Category,
			s.NotificationMessage, string(rules), s.ModifiedBy.ID, s.ModifiedBy.Login, strings.ToLower(s.ModifiedBy.Login),
			micros(s.Created), micros(s.Modified))
		if err = t.conflictIf(err, "rule set name %q is already in use", s.Name); err != nil {
			return err
		}
		return t.writeRuleSetRules(ctx, tx, s)
	})
}

// RuleSet finds a set with the policies it is assigned to.
func (t *tenantStore) RuleSet(ctx context.Context, id uuid.UUID) (*optics.RuleSet, error) {
	var s *optics.RuleSet
	err := t.inReadTx(ctx, func(tx runner) error {
		var err error
		if s, err = t.findRuleSet(ctx, tx, id); err != nil {
			return err
		}
		rows, err := tx.query(ctx, `SELECT id, name FROM policies WHERE tenant_id = $1 AND detection_rule_set_id = $2
			ORDER BY name_key, id`, t.tenantID, id)
		s.Policies, err = scanAll(rows, err, func(r row) (*wolfden.Policy, error) {
			var p wolfden.Policy
			return &p, r.Scan(&p.ID, &p.Name)
		})
		return err
	})
	return s, err
}

func (t *tenantStore) findRuleSet(ctx context.Context, q runner, id uuid.UUID) (*optics.RuleSet, error) {
	var devices int
	s, err := t.scanRuleSet(q.queryRow(ctx, `SELECT `+ruleSetColumns+`, `+ruleSetDevices+` FROM rule_sets s
		WHERE s.tenant_id = $1 AND s.id = $2`, t.tenantID, id), &devices)
	if err != nil {
		return nil, notFoundIf(err, "rule set %s not found", id)
	}
	s.DeviceCount = devices
	return s, nil
}

// ruleSetSortColumns are the columns of the list's sort keys; device_count
// is the select list's.
var ruleSetSortColumns = map[string]string{
	"id": "s.id", "name": "s.name_key", "description": "s.description_key", "category": "s.category",
	"device_count": "device_count", "last_modified": "s.modified_at", "modified_by.id": "s.modified_by",
	"modified_by.login": "s.modified_login_key",
}

// RuleSets lists the filter's sets in its order, with their device counts.
func (t *tenantStore) RuleSets(ctx context.Context, f optics.RuleSetFilter, page wolfden.PageRequest) (wolfden.Page[optics.RuleSet], error) {
	if f.Sort.Key == "" {
		f.Sort = optics.DefaultRuleSetSort
	}
	by, err := orderBy(ruleSetSortColumns, f.Sort, "s.name_key", "s.id")
	if err != nil {
		return wolfden.Page[optics.RuleSet]{}, err
	}
	c := newConditions()
	c.add("s.tenant_id = ?", t.tenantID)
	if f.Description != "" {
		c.add(`s.description_key LIKE ? ESCAPE '\'`, containsPattern(f.Description))
	}
	if f.ModifiedByLogin != "" {
		c.add(`s.modified_login_key LIKE ? ESCAPE '\'`, containsPattern(f.ModifiedByLogin))
	}
	if f.Modified != nil {
		c.add("s.modified_at >= ? AND s.modified_at < ?", micros(f.Modified.From), micros(f.Modified.To))
	}
	if f.ModifiedByID != nil {
		c.add("s.modified_by = ?", *f.ModifiedByID)
	}
	if f.DeviceCount != nil {
		c.add(ruleSetDevices+" = ?", *f.DeviceCount)
	}
	n := len(c.args)
	return pageOf(ctx, t.Store, page, `SELECT COUNT(*) FROM rule_sets s WHERE `+c.sql(),
		`SELECT `+ruleSetColumns+`, `+ruleSetDevices+` AS device_count FROM rule_sets s WHERE `+c.sql()+by+
			fmt.Sprintf(" LIMIT $%d OFFSET $%d", n+1, n+2),
		c.args, func(r row) (*optics.RuleSet, error) {
			var devices int
			s, err := t.scanRuleSet(r, &devices)
			if err == nil {
				s.DeviceCount = devices
			}
			return s, err
		})
}

// RuleSetNames lists every set's id and name.
func (t *tenantStore) RuleSetNames(ctx context.Context) ([]optics.RuleSetName, error) {
	rows, err := t.reader().query(ctx, `SELECT id, name FROM rule_sets WHERE tenant_id = $1 ORDER BY name_key, id`, t.tenantID)
	return scanAll(rows, err, func(r row) (*optics.RuleSetName, error) {
		var n optics.RuleSetName
		return &n, r.Scan(&n.ID, &n.Name)
	})
}

// UpdateRuleSet reads, changes and writes a set in one transaction.
func (t *tenantStore) UpdateRuleSet(ctx context.Context, id uuid.UUID, change func(*optics.RuleSet) error) (*optics.RuleSet, error) {
	if _, err := readChangeWrite(ctx, t.Store, func(tx runner) (*optics.RuleSet, error) { return t.findRuleSet(ctx, tx, id) },
		change, func(tx runner, s *optics.RuleSet) error {
			rules, err := json.Marshal(s.Rules)
			if err != nil {
				return err
			}
			_, err = tx.exec(ctx, `UPDATE rule_sets SET name = $3, name_key = $4, description = $5, description_key = $6,
				category = $7, notification_message = $8, rules = $9, modified_by = $10, modified_login = $11,
				modified_login_key = $12, modified_at = $13 WHERE tenant_id = $1 AND id = $2`,
				t.tenantID, id, s.Name, strings.ToLower(s.Name), s.Description, strings.ToLower(s.Description), s.Category,
				s.NotificationMessage, string(rules), s.ModifiedBy.ID, s.ModifiedBy.Login, strings.ToLower(s.ModifiedBy.Login),
				micros(s.Modified))
			if err = t.conflictIf(err, "rule set name %q is already in use", s.Name); err != nil {
				return err
			}
			return t.writeRuleSetRules(ctx, tx, s)
		}); err != nil {
		return nil, err
	}
	return t.RuleSet(ctx, id)
}

// DeleteRuleSets deletes sets in one transaction, first taking them off
// the policies they are assigned to.
func (t *tenantStore) DeleteRuleSets(ctx context.Context, ids []uuid.UUID) error {
	return t.inTx(ctx, func(tx runner) error {
		for _, id := range ids {
			if _, err := tx.exec(ctx, `UPDATE policies SET detection_rule_set_id = NULL WHERE tenant_id = $1 AND detection_rule_set_id = $2`,
				t.tenantID, id); err != nil {
				return err
			}
			res, err := tx.exec(ctx, `DELETE FROM rule_sets WHERE tenant_id = $1 AND id = $2`, t.tenantID, id)
			if err := changedRows(res, err, func() error { return wolfden.Errorf(wolfden.ENotFound, "rule set %s not found", id) }); err != nil {
				return err
			}
		}
		return nil
	})
}

// AssignRuleSet links and unlinks a set in one transaction.
func (t *tenantStore) AssignRuleSet(ctx context.Context, setID uuid.UUID, link, unlink []uuid.UUID) error {
	return t.inTx(ctx, func(tx runner) error {
		var n int
		if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM rule_sets WHERE tenant_id = $1 AND id = $2`, t.tenantID, setID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return wolfden.FieldNotFoundf("configuration_id", "rule set %s not found", setID)
		}
		for _, list := range []struct {
			field string
			ids   []uuid.UUID
			query string
		}{
			{"unlink", unlink, `UPDATE policies SET detection_rule_set_id = NULL WHERE tenant_id = $1 AND id = $2
				AND detection_rule_set_id = $3`},
			{"link", link, `UPDATE policies SET detection_rule_set_id = $3 WHERE tenant_id = $1 AND id = $2`},
		} {
			for _, id := range list.ids {
				if err := t.checkPolicy(ctx, tx, id); err != nil {
					return wolfden.WithinField(list.field, err)
				}
				if _, err := tx.exec(ctx, list.query, t.tenantID, id, setID); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
