-- Partners of the Multi-Tenant Console, their applications, and the
-- tenants they own (NULL: a tenant no partner owns).
CREATE TABLE partners (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE partner_applications (
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id         TEXT NOT NULL PRIMARY KEY,
    secret     TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

ALTER TABLE tenants ADD COLUMN partner_id TEXT REFERENCES partners (id);
CREATE INDEX tenants_by_partner ON tenants (partner_id, name_key);
