-- Policies gain their document. An empty document is the documented
-- defaults (Default policies stored before this migration).
ALTER TABLE policies ADD COLUMN name_key TEXT NOT NULL DEFAULT '';
UPDATE policies SET name_key = LOWER(name);
CREATE UNIQUE INDEX policies_by_name ON policies (tenant_id, name_key);
ALTER TABLE policies ADD COLUMN document TEXT NOT NULL DEFAULT '';
ALTER TABLE policies ADD COLUMN checksum TEXT NOT NULL DEFAULT '';
ALTER TABLE policies ADD COLUMN modified_by TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000';
CREATE INDEX devices_by_policy ON devices (tenant_id, policy_id);
CREATE INDEX zones_by_policy ON zones (tenant_id, policy_id);
