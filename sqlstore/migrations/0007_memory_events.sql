CREATE TABLE memory_events (
    tenant_id      TEXT NOT NULL,
    id             TEXT NOT NULL,
    device_id      TEXT NOT NULL,
    agent_event_id TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    action         INTEGER NOT NULL,
    violation_type INTEGER NOT NULL,
    image_name     TEXT NOT NULL,
    process_id     INTEGER NOT NULL,
    file_hash_id   TEXT NOT NULL,
    file_version   TEXT NOT NULL,
    dll_version    TEXT NOT NULL,
    username       TEXT NOT NULL,
    sid            TEXT NOT NULL,
    groups         TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX memory_events_by_created ON memory_events (tenant_id, created_at DESC, id DESC);
CREATE INDEX memory_events_by_device ON memory_events (tenant_id, device_id, created_at DESC);
