-- Zones gain their console attributes; policies appear with the Default
-- policy every tenant has, whose id is the nil GUID as in some vendor
-- tenants (the policy document itself arrives with the Policies area).

CREATE TABLE policies (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL,
    created_at  BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

INSERT INTO policies (tenant_id, id, name, is_default, created_at, modified_at)
SELECT id, '00000000-0000-0000-0000-000000000000', 'Default', TRUE, created_at, created_at FROM tenants;

ALTER TABLE zones ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE zones SET name_key = LOWER(name);
CREATE UNIQUE INDEX zones_by_name ON zones (tenant_id, name_key);
ALTER TABLE zones ADD COLUMN policy_id TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
ALTER TABLE zones ADD COLUMN criticality TEXT NOT NULL DEFAULT 'Normal';
ALTER TABLE zones ADD COLUMN update_type TEXT NOT NULL DEFAULT 'Production';
ALTER TABLE zones ADD COLUMN zone_rule_id TEXT;
ALTER TABLE zones ADD COLUMN modified_at BIGINT NOT NULL DEFAULT 0;
UPDATE zones SET modified_at = created_at;
