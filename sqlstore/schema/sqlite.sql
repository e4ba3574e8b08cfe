-- The SQLite schema the migrations build; TestSchemaSnapshot keeps it current.

CREATE TABLE applications (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    secret     TEXT NOT NULL,
    scopes     TEXT NOT NULL, -- comma-separated
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

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
    modified_at    BIGINT NOT NULL, kind TEXT NOT NULL DEFAULT 'detection',
    PRIMARY KEY (tenant_id, id)
);

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

CREATE TABLE device_deletions (
    tenant_id    TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id           TEXT NOT NULL,
    device_ids   TEXT NOT NULL, -- comma-separated
    callback_url TEXT NOT NULL,
    requested_at BIGINT NOT NULL,
    completed_at BIGINT,
    PRIMARY KEY (tenant_id, id)
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

CREATE TABLE device_macs (
    tenant_id TEXT NOT NULL,
    mac       TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, mac, device_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE device_threats (
    tenant_id   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    file_path   TEXT NOT NULL,
    file_status TEXT NOT NULL,
    date_found  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, sha256, file_path),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, sha256) REFERENCES threats (tenant_id, sha256) ON DELETE CASCADE
);

CREATE TABLE device_zones (
    tenant_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    zone_id   TEXT NOT NULL,
    added_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, zone_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id) ON DELETE CASCADE
);

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
    offline_at           BIGINT, dlcm_exempt BOOLEAN NOT NULL DEFAULT FALSE, dlcm_reset_at BIGINT, row_version BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, policy_id) REFERENCES policies (tenant_id, id)
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

CREATE TABLE focus_views (
    tenant_id        TEXT NOT NULL,
    id               TEXT NOT NULL,
    device_id        TEXT NOT NULL,
    artifact_type    TEXT NOT NULL,
    artifact_subtype TEXT NOT NULL,
    value            TEXT NOT NULL,
    value_key        TEXT NOT NULL, -- wolfden.ArtifactKey(value): upper-cased base64
    threat_type      TEXT NOT NULL,
    description      TEXT NOT NULL,
    search_text      TEXT NOT NULL, -- lower-cased description, value, artifact and threat type
    created_at       BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE
);

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

CREATE TABLE instaqueries (
    tenant_id        TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id               TEXT NOT NULL,
    name             TEXT NOT NULL,
    description      TEXT NOT NULL,
    artifact         TEXT NOT NULL,
    match_value_type TEXT NOT NULL,
    match_values     TEXT NOT NULL, -- JSON array
    case_sensitive   BOOLEAN NOT NULL,
    match_type       TEXT NOT NULL,
    zones            TEXT NOT NULL, -- JSON array of zone ids
    filters          TEXT NOT NULL, -- JSON array
    relations        TEXT NOT NULL, -- JSON array
    search_text      TEXT NOT NULL, -- lower-cased name, description and values
    created_at       BIGINT NOT NULL,
    archived_at      BIGINT,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE instaquery_relation_objects (
    tenant_id  TEXT NOT NULL,
    query_id   TEXT NOT NULL,
    object_key TEXT NOT NULL, -- lower-cased relations[].object
    PRIMARY KEY (tenant_id, query_id, object_key),
    FOREIGN KEY (tenant_id, query_id) REFERENCES instaqueries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE instaquery_targets (
    tenant_id TEXT NOT NULL,
    query_id  TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, query_id, device_id),
    FOREIGN KEY (tenant_id, query_id) REFERENCES instaqueries (tenant_id, id) ON DELETE CASCADE
);

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

CREATE TABLE package_execution_devices (
    tenant_id    TEXT NOT NULL,
    execution_id TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, execution_id, device_id),
    FOREIGN KEY (tenant_id, execution_id) REFERENCES package_executions (tenant_id, id) ON DELETE CASCADE
);

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

CREATE TABLE partner_applications (
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id         TEXT NOT NULL PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE partner_users (
    partner_id     TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id             TEXT NOT NULL,
    email          TEXT NOT NULL,
    email_key      TEXT NOT NULL,
    first_name     TEXT NOT NULL,
    last_name      TEXT NOT NULL,
    roles          TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    modified_at    BIGINT NOT NULL,
    invite_sent_at BIGINT NOT NULL,
    invites_sent   INTEGER NOT NULL,
    PRIMARY KEY (partner_id, id)
);

CREATE TABLE partners (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE policies (
    tenant_id   TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    name        TEXT NOT NULL,
    is_default  BOOLEAN NOT NULL,
    created_at  BIGINT NOT NULL,
    modified_at BIGINT NOT NULL, name_key TEXT NOT NULL DEFAULT '', document TEXT NOT NULL DEFAULT '', checksum TEXT NOT NULL DEFAULT '', modified_by TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000', detection_rule_set_id TEXT,
    PRIMARY KEY (tenant_id, id)
);

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

CREATE TABLE report_runs (
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    report_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    row_count  INTEGER NOT NULL,
    content    TEXT NOT NULL,
    PRIMARY KEY (partner_id, id)
);

CREATE TABLE rule_set_rules (
    tenant_id   TEXT NOT NULL,
    rule_set_id TEXT NOT NULL,
    rule_id     TEXT NOT NULL,
    enabled     BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, rule_set_id, rule_id),
    FOREIGN KEY (tenant_id, rule_set_id) REFERENCES rule_sets (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, rule_id) REFERENCES detection_rules (tenant_id, id)
);

CREATE TABLE rule_sets (
    tenant_id            TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    name                 TEXT NOT NULL,
    name_key             TEXT NOT NULL,
    description          TEXT NOT NULL,
    category             TEXT NOT NULL,
    notification_message TEXT NOT NULL,
    rules                TEXT NOT NULL,
    modified_by          TEXT NOT NULL,
    modified_login       TEXT NOT NULL,
    created_at           BIGINT NOT NULL,
    modified_at          BIGINT NOT NULL, description_key TEXT NOT NULL DEFAULT '', modified_login_key TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);

CREATE TABLE signing_keys (
    slot       INTEGER PRIMARY KEY CHECK (slot = 1),
    id         TEXT NOT NULL,
    secret     TEXT NOT NULL, -- hex
    created_at BIGINT NOT NULL
);

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE, -- lower-cased name: names are unique case-insensitively
    created_at BIGINT NOT NULL
, dlcm_inactive_days INTEGER NOT NULL DEFAULT 30, dlcm_deletion_enabled BOOLEAN NOT NULL DEFAULT FALSE, dlcm_deletion_days INTEGER NOT NULL DEFAULT 30, partner_id TEXT REFERENCES partners (id), profile TEXT NOT NULL DEFAULT '', detections_raised BIGINT NOT NULL DEFAULT 0, devices_version BIGINT NOT NULL DEFAULT 0);

CREATE TABLE threats (
    tenant_id          TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    sha256             TEXT NOT NULL, -- upper-case hex
    md5                TEXT NOT NULL,
    name               TEXT NOT NULL,
    classification     TEXT NOT NULL,
    sub_classification TEXT NOT NULL,
    cylance_score      DOUBLE PRECISION NOT NULL,
    file_size          BIGINT NOT NULL,
    detected_by        TEXT NOT NULL,
    signed             BOOLEAN NOT NULL,
    cert_issuer        TEXT NOT NULL,
    cert_publisher     TEXT NOT NULL,
    auto_run           BOOLEAN NOT NULL,
    running            BOOLEAN NOT NULL, sample_seed BIGINT, sample_content BYTEA,
    PRIMARY KEY (tenant_id, sha256)
);

CREATE TABLE "used_token_ids" (
    tenant_id  TEXT NOT NULL,
    app_id     TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, app_id, jti)
);

CREATE TABLE user_zones (
    tenant_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    zone_id     TEXT NOT NULL,
    role        TEXT NOT NULL,
    added_at    BIGINT NOT NULL,
    modified_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, zone_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE users (
    tenant_id              TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id                     TEXT NOT NULL,
    email                  TEXT NOT NULL,
    email_key              TEXT NOT NULL, -- lower-cased email
    first_name             TEXT NOT NULL,
    last_name              TEXT NOT NULL,
    has_logged_in          BOOLEAN NOT NULL,
    role                   TEXT NOT NULL,
    default_zone_role      TEXT NOT NULL,
    created_at             BIGINT NOT NULL,
    modified_at            BIGINT NOT NULL,
    last_login_at          BIGINT,
    email_confirmed_at     BIGINT,
    invite_sent_at         BIGINT,
    password_reset_sent_at BIGINT,
    PRIMARY KEY (tenant_id, id),
    UNIQUE (tenant_id, email_key)
);

CREATE TABLE zones (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL, name_key TEXT NOT NULL DEFAULT '', policy_id TEXT NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000', criticality TEXT NOT NULL DEFAULT 'Normal', update_type TEXT NOT NULL DEFAULT 'Production', zone_rule_id TEXT, modified_at BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);

CREATE INDEX detection_rules_by_name ON detection_rules (tenant_id, kind, active, name_key, id);

CREATE INDEX detections_by_occurrence ON detections (tenant_id, occurred_at, number);

CREATE INDEX detections_by_phonetic_id ON detections (tenant_id, phonetic_key);

CREATE INDEX detections_by_receipt ON detections (tenant_id, received_at);

CREATE INDEX detections_by_rule ON detections (tenant_id, rule_id);

CREATE INDEX device_deletions_pending ON device_deletions (completed_at, requested_at);

CREATE INDEX device_macs_by_device ON device_macs (tenant_id, device_id);

CREATE INDEX device_threats_by_hash ON device_threats (tenant_id, sha256, date_found);

CREATE INDEX device_zones_by_zone ON device_zones (tenant_id, zone_id, device_id);

CREATE INDEX devices_by_host ON devices (tenant_id, host_key);

CREATE INDEX devices_by_offline ON devices (tenant_id, offline_at);

CREATE INDEX devices_by_policy ON devices (tenant_id, policy_id);

CREATE INDEX devices_by_registration ON devices (tenant_id, registered_at DESC, id DESC);

CREATE INDEX file_retrievals_by_path ON file_retrievals (tenant_id, device_id, file_path, created_at);

CREATE INDEX file_retrievals_by_time ON file_retrievals (tenant_id, created_at, id);

CREATE INDEX focus_views_by_artifact ON focus_views (tenant_id, device_id, value_key);

CREATE INDEX focus_views_by_creation ON focus_views (tenant_id, created_at DESC, id DESC);

CREATE INDEX global_list_entries_by_added ON global_list_entries (tenant_id, list_type, added_at DESC, sha256);

CREATE INDEX global_list_entries_by_hash ON global_list_entries (tenant_id, sha256);

CREATE INDEX instaqueries_by_creation ON instaqueries (tenant_id, created_at DESC, id DESC);

CREATE INDEX instaquery_relation_objects_by_object ON instaquery_relation_objects (tenant_id, object_key);

CREATE INDEX memory_events_by_created ON memory_events (tenant_id, created_at DESC, id DESC);

CREATE INDEX memory_events_by_device ON memory_events (tenant_id, device_id, created_at DESC);

CREATE INDEX package_execution_runs_by_package ON package_execution_runs (tenant_id, package_id);

CREATE INDEX package_executions_by_time ON package_executions (tenant_id, created_at, id);

CREATE INDEX packages_by_upload ON packages (tenant_id, uploaded_on, id);

CREATE UNIQUE INDEX partner_users_by_email ON partner_users (partner_id, email_key);

CREATE UNIQUE INDEX policies_by_name ON policies (tenant_id, name_key);

CREATE INDEX policies_by_rule_set ON policies (tenant_id, detection_rule_set_id);

CREATE UNIQUE INDEX policy_templates_by_name ON policy_templates (partner_id, name_key);

CREATE INDEX report_runs_by_time ON report_runs (partner_id, created_at);

CREATE INDEX rule_set_rules_by_rule ON rule_set_rules (tenant_id, rule_id);

CREATE UNIQUE INDEX rule_sets_by_name ON rule_sets (tenant_id, name_key);

CREATE INDEX tenants_by_partner ON tenants (partner_id, name_key);

CREATE INDEX used_token_ids_by_expiry ON used_token_ids (expires_at);

CREATE INDEX users_by_created ON users (tenant_id, created_at DESC, id DESC);

CREATE UNIQUE INDEX zones_by_name ON zones (tenant_id, name_key);

CREATE INDEX zones_by_policy ON zones (tenant_id, policy_id);
