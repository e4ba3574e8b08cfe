-- OPTICS detection rule sets, the rules in each (for counting and
-- integrity; the entries themselves are in rules), and the rule set
-- assigned to each device policy (opticsPolicies).
CREATE TABLE rule_sets (
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    description          TEXT NOT NULL,
    category             TEXT NOT NULL,
    notification_message TEXT NOT NULL,
    rules                TEXT NOT NULL,
    modified_by          TEXT NOT NULL,
    modified_login       TEXT NOT NULL,
    created_at           BIGINT NOT NULL,
    modified_at          BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX rule_sets_by_name ON rule_sets (tenant_id, name_key);

CREATE TABLE rule_set_rules (
    tenant_id   TEXT NOT NULL,
    rule_set_id TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, rule_set_id, rule_id),
    FOREIGN KEY (tenant_id, rule_set_id) REFERENCES rule_sets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, rule_id) REFERENCES detection_rules (tenant_id, id)
);
CREATE INDEX rule_set_rules_by_rule ON rule_set_rules (tenant_id, rule_id);

-- NULL: no rule set. Kept consistent by the store: deleting a set clears it.
ALTER TABLE policies ADD COLUMN detection_rule_set_id TEXT;
CREATE INDEX policies_by_rule_set ON policies (tenant_id, detection_rule_set_id);
