-- OPTICS exceptions are rule documents too: one table, told apart by kind.
ALTER TABLE detection_rules ADD COLUMN kind TEXT NOT NULL DEFAULT 'detection';
DROP INDEX detection_rules_by_name;
CREATE INDEX detection_rules_by_name ON detection_rules (tenant_id, kind, active, name_key, id);
