-- Written in the SQL that SQLite and PostgreSQL share. Ids are canonical
-- lower-case GUID text; times are Unix microseconds (UTC); every row a
-- tenant owns carries tenant_id in its key, and every query names it.

CREATE TABLE tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE, -- lower-cased name: names are unique case-insensitively
    created_at BIGINT NOT NULL
);

CREATE TABLE applications (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    secret     TEXT NOT NULL,
    scopes     TEXT NOT NULL, -- comma-separated
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);

-- Auth-token ids already exchanged, kept until the token expires.
CREATE TABLE used_token_ids (
    tenant_id  TEXT NOT NULL,
    app_id     TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, app_id, jti),
    FOREIGN KEY (tenant_id, app_id) REFERENCES applications (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX used_token_ids_by_expiry ON used_token_ids (expires_at);

-- The access-token signing key: a single row.
CREATE TABLE signing_keys (
    slot       INTEGER PRIMARY KEY CHECK (slot = 1),
    id         TEXT NOT NULL,
    secret     TEXT NOT NULL, -- hex
    created_at BIGINT NOT NULL
);

-- Zones arrive with the Protect area; users already refer to them.
CREATE TABLE zones (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, id)
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
CREATE INDEX users_by_created ON users (tenant_id, created_at DESC, id DESC);

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
