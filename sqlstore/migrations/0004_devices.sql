CREATE TABLE devices (
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    name                 TEXT NOT NULL,
    host_name            TEXT NOT NULL,
    host_key             TEXT NOT NULL, -- lower-cased host_name
    os_version           TEXT NOT NULL,
    os_kernel_version    TEXT NOT NULL,
    agent_version        TEXT NOT NULL,
    state                TEXT NOT NULL,
    policy_id            TEXT NOT NULL,
    ip_addresses         TEXT NOT NULL, -- comma-separated
    mac_addresses        TEXT NOT NULL, -- comma-separated, AA-BB-CC-DD-EE-FF
    last_logged_in_user  TEXT NOT NULL,
    distinguished_name   TEXT NOT NULL,
    background_detection BOOLEAN NOT NULL,
    update_available     BOOLEAN NOT NULL,
    registered_at        BIGINT NOT NULL,
    modified_at          BIGINT NOT NULL,
    offline_at           BIGINT,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, policy_id) REFERENCES policies (tenant_id, id)
);
CREATE INDEX devices_by_registration ON devices (tenant_id, registered_at DESC, id DESC);
CREATE INDEX devices_by_host ON devices (tenant_id, host_key);

-- One row per MAC of a device, for lookups by MAC.
CREATE TABLE device_macs (
    tenant_id TEXT NOT NULL,
    mac       TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, mac, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);
