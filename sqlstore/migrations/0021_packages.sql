-- OPTICS packages, with their uploaded files, and their executions.
CREATE TABLE packages (
    tenant_id       TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    category        TEXT NOT NULL,
    name_key        TEXT NOT NULL, -- lower-cased descriptor name
    descriptor      TEXT NOT NULL, -- JSON
    checksum        TEXT NOT NULL, -- upper-case hex SHA-256
    timeout_seconds INTEGER NOT NULL,
    uploaded_by     TEXT NOT NULL,
    uploaded_login  TEXT NOT NULL,
    uploaded_on     BIGINT NOT NULL,
    upload_deadline BIGINT NOT NULL, -- uploaded_on + timeout, for status
    received_at     BIGINT,          -- the file: NULL until uploaded
    size            BIGINT NOT NULL,
    file_sha256     TEXT,
    content         BYTEA,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX packages_by_upload ON packages (tenant_id, uploaded_on, id);

CREATE TABLE package_executions (
    tenant_id     TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    name_key      TEXT NOT NULL,
    target_zones  BOOLEAN NOT NULL, -- target_ids are zones, not devices
    target_ids    TEXT NOT NULL,    -- comma-separated, as requested
    destination   TEXT NOT NULL,
    keep_local    BOOLEAN NOT NULL,
    device_count  INTEGER NOT NULL,
    created_by    TEXT NOT NULL,
    created_login TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX package_executions_by_time ON package_executions (tenant_id, created_at, id);

-- The packages an execution runs; a package cannot go while one does.
CREATE TABLE package_execution_runs (
    tenant_id    TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    position     INTEGER NOT NULL,
    package_id   TEXT NOT NULL,
    arguments    TEXT NOT NULL, -- JSON array of strings
    PRIMARY KEY (tenant_id, execution_id, position),
    FOREIGN KEY (tenant_id, execution_id) REFERENCES package_executions (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, package_id) REFERENCES packages (tenant_id, id)
);
CREATE INDEX package_execution_runs_by_package ON package_execution_runs (tenant_id, package_id);

-- The devices an execution targeted when it was requested. No foreign key
-- to devices: a device removed since stays targeted and never answers.
CREATE TABLE package_execution_devices (
    tenant_id    TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, device_id),
    FOREIGN KEY (tenant_id, execution_id) REFERENCES package_executions (tenant_id, id) ON DELETE CASCADE
);
