-- OPTICS detection rules, in their native document form.
CREATE TABLE detection_rules (
    tenant_id      TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,
    category       TEXT NOT NULL,
    version        INTEGER NOT NULL,
    active         BOOLEAN NOT NULL,
    document       TEXT NOT NULL,
    modified_by    TEXT NOT NULL,
    modified_login TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    modified_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX detection_rules_by_name ON detection_rules (tenant_id, active, name_key, id);
