-- OPTICS device commands: each device's latest lockdown and its lockdown
-- history, and file retrievals. A device's commands go with it.
CREATE TABLE device_lockdowns (
    tenant_id    TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    config_id    INTEGER NOT NULL,
    lock_type    TEXT NOT NULL,
    password     TEXT NOT NULL,
    initiated_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE device_lockdown_history (
    tenant_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    seq       INTEGER NOT NULL, -- position in the device's history
    user_id   TEXT NOT NULL,
    at        BIGINT NOT NULL,
    command   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, seq),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE file_retrievals (
    tenant_id  TEXT NOT NULL,
    id         TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    file_path  TEXT NOT NULL,
    path_key   TEXT NOT NULL, -- lower-cased file_path, for search
    password   TEXT NOT NULL,
    user_id    TEXT NOT NULL,
    user_login TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX file_retrievals_by_path ON file_retrievals (tenant_id, device_id, file_path, created_at);
CREATE INDEX file_retrievals_by_time ON file_retrievals (tenant_id, created_at, id);
