CREATE TABLE global_list_entries (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    list_type  INTEGER NOT NULL, -- 0 GlobalQuarantine, 1 GlobalSafe
    sha256     TEXT NOT NULL,    -- upper-case hex
    category   TEXT NOT NULL,
    reason     TEXT NOT NULL,
    added_at   BIGINT NOT NULL,
    added_by   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, list_type, sha256)
);
CREATE INDEX global_list_entries_by_added ON global_list_entries (tenant_id, list_type, added_at DESC, sha256);
