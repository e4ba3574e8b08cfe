-- OPTICS detections. The rule and the device are kept as they were when
-- the detection was raised (a detection outlives changes to both), so
-- neither is a foreign key; the *_key columns are the lower-case forms
-- the filters and sorts use (rule_description_key is the detection type:
-- the rule's description, or its name when it has none).
CREATE TABLE detections (
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    number               BIGINT NOT NULL,
    phonetic_key         TEXT NOT NULL,
    severity             TEXT NOT NULL,
    severity_rank        INTEGER NOT NULL, -- 0 Informational … 3 High
    status               TEXT NOT NULL,
    comment              TEXT NOT NULL,
    rule_id              TEXT NOT NULL,
    rule_name            TEXT NOT NULL,
    rule_description     TEXT NOT NULL,
    rule_description_key TEXT NOT NULL,
    rule_category        TEXT NOT NULL,
    rule_version         INTEGER NOT NULL,
    device_id            TEXT NOT NULL,
    device_name_key      TEXT NOT NULL,
    device               TEXT NOT NULL, -- JSON snapshot
    event                TEXT NOT NULL, -- JSON object
    artifacts            TEXT NOT NULL, -- JSON array
    activated_at         BIGINT NOT NULL,
    occurred_at          BIGINT NOT NULL,
    received_at          BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, number)
);
CREATE INDEX detections_by_occurrence ON detections (tenant_id, occurred_at, number);
CREATE INDEX detections_by_receipt ON detections (tenant_id, received_at);
CREATE INDEX detections_by_rule ON detections (tenant_id, rule_id);
CREATE INDEX detections_by_phonetic_id ON detections (tenant_id, phonetic_key);

-- How many detections the tenant has raised: the next one's number.
ALTER TABLE tenants ADD COLUMN detections_raised BIGINT NOT NULL DEFAULT 0;
