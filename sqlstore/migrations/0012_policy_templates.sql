CREATE TABLE policy_templates (
    partner_id  TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    document    TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX policy_templates_by_name ON policy_templates (partner_id, name_key);
