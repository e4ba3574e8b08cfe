CREATE TABLE device_deletions (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    device_ids   TEXT NOT NULL, -- comma-separated
    callback_url TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    completed_at BIGINT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX device_deletions_pending ON device_deletions (completed_at, requested_at);
