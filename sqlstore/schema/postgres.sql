-- The PostgreSQL schema the migrations build; TestSchemaSnapshot keeps it current.

CREATE TABLE applications (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    secret text NOT NULL,
    scopes text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT applications_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT applications_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE detection_rules (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    category text NOT NULL,
    version integer NOT NULL,
    active boolean NOT NULL,
    document text NOT NULL,
    modified_by text NOT NULL,
    modified_login text NOT NULL,
    created_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    kind text NOT NULL DEFAULT 'detection'::text,
    CONSTRAINT detection_rules_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT detection_rules_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX detection_rules_by_name ON detection_rules USING btree (tenant_id, kind, active, name_key, id);

CREATE TABLE detections (
    tenant_id text NOT NULL,
    id text NOT NULL,
    number bigint NOT NULL,
    phonetic_key text NOT NULL,
    severity text NOT NULL,
    severity_rank integer NOT NULL,
    status text NOT NULL,
    comment text NOT NULL,
    rule_id text NOT NULL,
    rule_name text NOT NULL,
    rule_description text NOT NULL,
    rule_description_key text NOT NULL,
    rule_category text NOT NULL,
    rule_version integer NOT NULL,
    device_id text NOT NULL,
    device_name_key text NOT NULL,
    device text NOT NULL,
    event text NOT NULL,
    artifacts text NOT NULL,
    activated_at bigint NOT NULL,
    occurred_at bigint NOT NULL,
    received_at bigint NOT NULL,
    CONSTRAINT detections_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT detections_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
    CONSTRAINT detections_tenant_id_number_key UNIQUE (tenant_id, number)
);
CREATE INDEX detections_by_occurrence ON detections USING btree (tenant_id, occurred_at, number);
CREATE INDEX detections_by_phonetic_id ON detections USING btree (tenant_id, phonetic_key);
CREATE INDEX detections_by_receipt ON detections USING btree (tenant_id, received_at);
CREATE INDEX detections_by_rule ON detections USING btree (tenant_id, rule_id);

CREATE TABLE device_deletions (
    tenant_id text NOT NULL,
    id text NOT NULL,
    device_ids text NOT NULL,
    callback_url text NOT NULL,
    requested_at bigint NOT NULL,
    completed_at bigint,
    CONSTRAINT device_deletions_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT device_deletions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX device_deletions_pending ON device_deletions USING btree (completed_at, requested_at);

CREATE TABLE device_lockdown_history (
    tenant_id text NOT NULL,
    device_id text NOT NULL,
    seq integer NOT NULL,
    user_id text NOT NULL,
    at bigint NOT NULL,
    command text NOT NULL,
    CONSTRAINT device_lockdown_history_pkey PRIMARY KEY (tenant_id, device_id, seq),
    CONSTRAINT device_lockdown_history_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE device_lockdowns (
    tenant_id text NOT NULL,
    device_id text NOT NULL,
    config_id integer NOT NULL,
    lock_type text NOT NULL,
    password text NOT NULL,
    initiated_at bigint NOT NULL,
    expires_at bigint NOT NULL,
    CONSTRAINT device_lockdowns_pkey PRIMARY KEY (tenant_id, device_id),
    CONSTRAINT device_lockdowns_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE device_macs (
    tenant_id text NOT NULL,
    mac text NOT NULL,
    device_id text NOT NULL,
    CONSTRAINT device_macs_pkey PRIMARY KEY (tenant_id, mac, device_id),
    CONSTRAINT device_macs_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_macs_by_device ON device_macs USING btree (tenant_id, device_id);

CREATE TABLE device_threats (
    tenant_id text NOT NULL,
    device_id text NOT NULL,
    sha256 text NOT NULL,
    file_path text NOT NULL,
    file_status text NOT NULL,
    date_found bigint NOT NULL,
    CONSTRAINT device_threats_pkey PRIMARY KEY (tenant_id, device_id, sha256, file_path),
    CONSTRAINT device_threats_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT device_threats_tenant_id_sha256_fkey FOREIGN KEY (tenant_id, sha256) REFERENCES threats(tenant_id, sha256) ON DELETE CASCADE
);
CREATE INDEX device_threats_by_hash ON device_threats USING btree (tenant_id, sha256, date_found);

CREATE TABLE device_zones (
    tenant_id text NOT NULL,
    device_id text NOT NULL,
    zone_id text NOT NULL,
    added_at bigint NOT NULL,
    CONSTRAINT device_zones_pkey PRIMARY KEY (tenant_id, device_id, zone_id),
    CONSTRAINT device_zones_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT device_zones_tenant_id_zone_id_fkey FOREIGN KEY (tenant_id, zone_id) REFERENCES zones(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_zones_by_zone ON device_zones USING btree (tenant_id, zone_id, device_id);

CREATE TABLE devices (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    host_name text NOT NULL,
    host_key text NOT NULL,
    os_version text NOT NULL,
    os_kernel_version text NOT NULL,
    agent_version text NOT NULL,
    state text NOT NULL,
    policy_id text NOT NULL,
    ip_addresses text NOT NULL,
    mac_addresses text NOT NULL,
    last_logged_in_user text NOT NULL,
    distinguished_name text NOT NULL,
    background_detection boolean NOT NULL,
    update_available boolean NOT NULL,
    registered_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    offline_at bigint,
    dlcm_exempt boolean NOT NULL DEFAULT false,
    dlcm_reset_at bigint,
    row_version bigint NOT NULL DEFAULT 0,
    CONSTRAINT devices_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT devices_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE,
    CONSTRAINT devices_tenant_id_policy_id_fkey FOREIGN KEY (tenant_id, policy_id) REFERENCES policies(tenant_id, id)
);
CREATE INDEX devices_by_host ON devices USING btree (tenant_id, host_key);
CREATE INDEX devices_by_offline ON devices USING btree (tenant_id, offline_at);
CREATE INDEX devices_by_policy ON devices USING btree (tenant_id, policy_id);
CREATE INDEX devices_by_registration ON devices USING btree (tenant_id, registered_at DESC, id DESC);

CREATE TABLE file_retrievals (
    tenant_id text NOT NULL,
    id text NOT NULL,
    device_id text NOT NULL,
    file_path text NOT NULL,
    path_key text NOT NULL,
    password text NOT NULL,
    user_id text NOT NULL,
    user_login text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT file_retrievals_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT file_retrievals_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX file_retrievals_by_path ON file_retrievals USING btree (tenant_id, device_id, file_path, created_at);
CREATE INDEX file_retrievals_by_time ON file_retrievals USING btree (tenant_id, created_at, id);

CREATE TABLE focus_views (
    tenant_id text NOT NULL,
    id text NOT NULL,
    device_id text NOT NULL,
    artifact_type text NOT NULL,
    artifact_subtype text NOT NULL,
    value text NOT NULL,
    value_key text NOT NULL,
    threat_type text NOT NULL,
    description text NOT NULL,
    search_text text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT focus_views_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT focus_views_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX focus_views_by_artifact ON focus_views USING btree (tenant_id, device_id, value_key);
CREATE INDEX focus_views_by_creation ON focus_views USING btree (tenant_id, created_at DESC, id DESC);

CREATE TABLE global_list_entries (
    tenant_id text NOT NULL,
    list_type integer NOT NULL,
    sha256 text NOT NULL,
    category text NOT NULL,
    reason text NOT NULL,
    added_at bigint NOT NULL,
    added_by text NOT NULL,
    CONSTRAINT global_list_entries_pkey PRIMARY KEY (tenant_id, list_type, sha256),
    CONSTRAINT global_list_entries_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX global_list_entries_by_added ON global_list_entries USING btree (tenant_id, list_type, added_at DESC, sha256);
CREATE INDEX global_list_entries_by_hash ON global_list_entries USING btree (tenant_id, sha256);

CREATE TABLE instaqueries (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    description text NOT NULL,
    artifact text NOT NULL,
    match_value_type text NOT NULL,
    match_values text NOT NULL,
    case_sensitive boolean NOT NULL,
    match_type text NOT NULL,
    zones text NOT NULL,
    filters text NOT NULL,
    relations text NOT NULL,
    search_text text NOT NULL,
    created_at bigint NOT NULL,
    archived_at bigint,
    CONSTRAINT instaqueries_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT instaqueries_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX instaqueries_by_creation ON instaqueries USING btree (tenant_id, created_at DESC, id DESC);

CREATE TABLE instaquery_relation_objects (
    tenant_id text NOT NULL,
    query_id text NOT NULL,
    object_key text NOT NULL,
    CONSTRAINT instaquery_relation_objects_pkey PRIMARY KEY (tenant_id, query_id, object_key),
    CONSTRAINT instaquery_relation_objects_tenant_id_query_id_fkey FOREIGN KEY (tenant_id, query_id) REFERENCES instaqueries(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX instaquery_relation_objects_by_object ON instaquery_relation_objects USING btree (tenant_id, object_key);

CREATE TABLE instaquery_targets (
    tenant_id text NOT NULL,
    query_id text NOT NULL,
    device_id text NOT NULL,
    CONSTRAINT instaquery_targets_pkey PRIMARY KEY (tenant_id, query_id, device_id),
    CONSTRAINT instaquery_targets_tenant_id_query_id_fkey FOREIGN KEY (tenant_id, query_id) REFERENCES instaqueries(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE memory_events (
    tenant_id text NOT NULL,
    id text NOT NULL,
    device_id text NOT NULL,
    agent_event_id text NOT NULL,
    created_at bigint NOT NULL,
    action integer NOT NULL,
    violation_type integer NOT NULL,
    image_name text NOT NULL,
    process_id integer NOT NULL,
    file_hash_id text NOT NULL,
    file_version text NOT NULL,
    dll_version text NOT NULL,
    username text NOT NULL,
    sid text NOT NULL,
    groups text NOT NULL,
    CONSTRAINT memory_events_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT memory_events_tenant_id_device_id_fkey FOREIGN KEY (tenant_id, device_id) REFERENCES devices(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX memory_events_by_created ON memory_events USING btree (tenant_id, created_at DESC, id DESC);
CREATE INDEX memory_events_by_device ON memory_events USING btree (tenant_id, device_id, created_at DESC);

CREATE TABLE package_execution_devices (
    tenant_id text NOT NULL,
    execution_id text NOT NULL,
    device_id text NOT NULL,
    CONSTRAINT package_execution_devices_pkey PRIMARY KEY (tenant_id, execution_id, device_id),
    CONSTRAINT package_execution_devices_tenant_id_execution_id_fkey FOREIGN KEY (tenant_id, execution_id) REFERENCES package_executions(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE package_execution_runs (
    tenant_id text NOT NULL,
    execution_id text NOT NULL,
    "position" integer NOT NULL,
    package_id text NOT NULL,
    arguments text NOT NULL,
    CONSTRAINT package_execution_runs_pkey PRIMARY KEY (tenant_id, execution_id, "position"),
    CONSTRAINT package_execution_runs_tenant_id_execution_id_fkey FOREIGN KEY (tenant_id, execution_id) REFERENCES package_executions(tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT package_execution_runs_tenant_id_package_id_fkey FOREIGN KEY (tenant_id, package_id) REFERENCES packages(tenant_id, id)
);
CREATE INDEX package_execution_runs_by_package ON package_execution_runs USING btree (tenant_id, package_id);

CREATE TABLE package_executions (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    target_zones boolean NOT NULL,
    target_ids text NOT NULL,
    destination text NOT NULL,
    keep_local boolean NOT NULL,
    device_count integer NOT NULL,
    created_by text NOT NULL,
    created_login text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT package_executions_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT package_executions_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX package_executions_by_time ON package_executions USING btree (tenant_id, created_at, id);

CREATE TABLE packages (
    tenant_id text NOT NULL,
    id text NOT NULL,
    category text NOT NULL,
    name_key text NOT NULL,
    descriptor text NOT NULL,
    checksum text NOT NULL,
    timeout_seconds integer NOT NULL,
    uploaded_by text NOT NULL,
    uploaded_login text NOT NULL,
    uploaded_on bigint NOT NULL,
    upload_deadline bigint NOT NULL,
    received_at bigint,
    size bigint NOT NULL,
    file_sha256 text,
    content bytea,
    CONSTRAINT packages_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT packages_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX packages_by_upload ON packages USING btree (tenant_id, uploaded_on, id);

CREATE TABLE partner_applications (
    partner_id text NOT NULL,
    id text NOT NULL,
    secret text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT partner_applications_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES partners(id) ON DELETE CASCADE,
    CONSTRAINT partner_applications_pkey PRIMARY KEY (id)
);

CREATE TABLE partner_users (
    partner_id text NOT NULL,
    id text NOT NULL,
    email text NOT NULL,
    email_key text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    roles text NOT NULL,
    created_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    invite_sent_at bigint NOT NULL,
    invites_sent integer NOT NULL,
    CONSTRAINT partner_users_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES partners(id) ON DELETE CASCADE,
    CONSTRAINT partner_users_pkey PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX partner_users_by_email ON partner_users USING btree (partner_id, email_key);

CREATE TABLE partners (
    id text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT partners_name_key_key UNIQUE (name_key),
    CONSTRAINT partners_pkey PRIMARY KEY (id)
);

CREATE TABLE policies (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    is_default boolean NOT NULL,
    created_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    name_key text NOT NULL DEFAULT ''::text,
    document text NOT NULL DEFAULT ''::text,
    checksum text NOT NULL DEFAULT ''::text,
    modified_by text NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'::text,
    detection_rule_set_id text,
    CONSTRAINT policies_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT policies_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX policies_by_name ON policies USING btree (tenant_id, name_key);
CREATE INDEX policies_by_rule_set ON policies USING btree (tenant_id, detection_rule_set_id);

CREATE TABLE policy_templates (
    partner_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    document text NOT NULL,
    created_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    CONSTRAINT policy_templates_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES partners(id) ON DELETE CASCADE,
    CONSTRAINT policy_templates_pkey PRIMARY KEY (partner_id, id)
);
CREATE UNIQUE INDEX policy_templates_by_name ON policy_templates USING btree (partner_id, name_key);

CREATE TABLE report_runs (
    partner_id text NOT NULL,
    id text NOT NULL,
    report_id text NOT NULL,
    created_at bigint NOT NULL,
    row_count integer NOT NULL,
    content text NOT NULL,
    CONSTRAINT report_runs_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES partners(id) ON DELETE CASCADE,
    CONSTRAINT report_runs_pkey PRIMARY KEY (partner_id, id)
);
CREATE INDEX report_runs_by_time ON report_runs USING btree (partner_id, created_at);

CREATE TABLE rule_set_rules (
    tenant_id text NOT NULL,
    rule_set_id text NOT NULL,
    rule_id text NOT NULL,
    enabled boolean NOT NULL,
    CONSTRAINT rule_set_rules_pkey PRIMARY KEY (tenant_id, rule_set_id, rule_id),
    CONSTRAINT rule_set_rules_tenant_id_rule_id_fkey FOREIGN KEY (tenant_id, rule_id) REFERENCES detection_rules(tenant_id, id),
    CONSTRAINT rule_set_rules_tenant_id_rule_set_id_fkey FOREIGN KEY (tenant_id, rule_set_id) REFERENCES rule_sets(tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX rule_set_rules_by_rule ON rule_set_rules USING btree (tenant_id, rule_id);

CREATE TABLE rule_sets (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    description text NOT NULL,
    category text NOT NULL,
    notification_message text NOT NULL,
    rules text NOT NULL,
    modified_by text NOT NULL,
    modified_login text NOT NULL,
    created_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    description_key text NOT NULL DEFAULT ''::text,
    modified_login_key text NOT NULL DEFAULT ''::text,
    CONSTRAINT rule_sets_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT rule_sets_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX rule_sets_by_name ON rule_sets USING btree (tenant_id, name_key);

CREATE TABLE schema_migrations (
    version integer NOT NULL,
    name text NOT NULL,
    applied_at bigint NOT NULL,
    CONSTRAINT schema_migrations_pkey PRIMARY KEY (version)
);

CREATE TABLE signing_keys (
    slot integer NOT NULL,
    id text NOT NULL,
    secret text NOT NULL,
    created_at bigint NOT NULL,
    CONSTRAINT signing_keys_pkey PRIMARY KEY (slot),
    CONSTRAINT signing_keys_slot_check CHECK ((slot = 1))
);

CREATE TABLE tenants (
    id text NOT NULL,
    name text NOT NULL,
    name_key text NOT NULL,
    created_at bigint NOT NULL,
    dlcm_inactive_days integer NOT NULL DEFAULT 30,
    dlcm_deletion_enabled boolean NOT NULL DEFAULT false,
    dlcm_deletion_days integer NOT NULL DEFAULT 30,
    partner_id text,
    profile text NOT NULL DEFAULT ''::text,
    detections_raised bigint NOT NULL DEFAULT 0,
    devices_version bigint NOT NULL DEFAULT 0,
    CONSTRAINT tenants_name_key_key UNIQUE (name_key),
    CONSTRAINT tenants_partner_id_fkey FOREIGN KEY (partner_id) REFERENCES partners(id),
    CONSTRAINT tenants_pkey PRIMARY KEY (id)
);
CREATE INDEX tenants_by_partner ON tenants USING btree (partner_id, name_key);

CREATE TABLE threats (
    tenant_id text NOT NULL,
    sha256 text NOT NULL,
    md5 text NOT NULL,
    name text NOT NULL,
    classification text NOT NULL,
    sub_classification text NOT NULL,
    cylance_score double precision NOT NULL,
    file_size bigint NOT NULL,
    detected_by text NOT NULL,
    signed boolean NOT NULL,
    cert_issuer text NOT NULL,
    cert_publisher text NOT NULL,
    auto_run boolean NOT NULL,
    running boolean NOT NULL,
    sample_seed bigint,
    sample_content bytea,
    CONSTRAINT threats_pkey PRIMARY KEY (tenant_id, sha256),
    CONSTRAINT threats_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);

CREATE TABLE used_token_ids (
    tenant_id text NOT NULL,
    app_id text NOT NULL,
    jti text NOT NULL,
    expires_at bigint NOT NULL,
    CONSTRAINT used_token_ids_new_pkey PRIMARY KEY (tenant_id, app_id, jti)
);
CREATE INDEX used_token_ids_by_expiry ON used_token_ids USING btree (expires_at);

CREATE TABLE user_zones (
    tenant_id text NOT NULL,
    user_id text NOT NULL,
    zone_id text NOT NULL,
    role text NOT NULL,
    added_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    CONSTRAINT user_zones_pkey PRIMARY KEY (tenant_id, user_id, zone_id),
    CONSTRAINT user_zones_tenant_id_user_id_fkey FOREIGN KEY (tenant_id, user_id) REFERENCES users(tenant_id, id) ON DELETE CASCADE,
    CONSTRAINT user_zones_tenant_id_zone_id_fkey FOREIGN KEY (tenant_id, zone_id) REFERENCES zones(tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE users (
    tenant_id text NOT NULL,
    id text NOT NULL,
    email text NOT NULL,
    email_key text NOT NULL,
    first_name text NOT NULL,
    last_name text NOT NULL,
    has_logged_in boolean NOT NULL,
    role text NOT NULL,
    default_zone_role text NOT NULL,
    created_at bigint NOT NULL,
    modified_at bigint NOT NULL,
    last_login_at bigint,
    email_confirmed_at bigint,
    invite_sent_at bigint,
    password_reset_sent_at bigint,
    CONSTRAINT users_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT users_tenant_id_email_key_key UNIQUE (tenant_id, email_key),
    CONSTRAINT users_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE INDEX users_by_created ON users USING btree (tenant_id, created_at DESC, id DESC);

CREATE TABLE zones (
    tenant_id text NOT NULL,
    id text NOT NULL,
    name text NOT NULL,
    created_at bigint NOT NULL,
    name_key text NOT NULL DEFAULT ''::text,
    policy_id text NOT NULL DEFAULT '00000000-0000-0000-0000-000000000000'::text,
    criticality text NOT NULL DEFAULT 'Normal'::text,
    update_type text NOT NULL DEFAULT 'Production'::text,
    zone_rule_id text,
    modified_at bigint NOT NULL DEFAULT 0,
    CONSTRAINT zones_pkey PRIMARY KEY (tenant_id, id),
    CONSTRAINT zones_tenant_id_fkey FOREIGN KEY (tenant_id) REFERENCES tenants(id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX zones_by_name ON zones USING btree (tenant_id, name_key);
CREATE INDEX zones_by_policy ON zones USING btree (tenant_id, policy_id);
