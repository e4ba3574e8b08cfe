-- OPTICS InstaQueries, the devices each was sent to (kept when a device is
-- deleted: it was queried, it will never answer), and the objects of their
-- relations, for the list's originated-from filter.
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
CREATE INDEX instaqueries_by_creation ON instaqueries (tenant_id, created_at DESC, id DESC);

CREATE TABLE instaquery_targets (
    tenant_id TEXT NOT NULL,
    query_id  TEXT NOT NULL,
    device_id TEXT NOT NULL,
    PRIMARY KEY (tenant_id, query_id, device_id),
    FOREIGN KEY (tenant_id, query_id) REFERENCES instaqueries (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE instaquery_relation_objects (
    tenant_id  TEXT NOT NULL,
    query_id   TEXT NOT NULL,
    object_key TEXT NOT NULL, -- lower-cased relations[].object
    PRIMARY KEY (tenant_id, query_id, object_key),
    FOREIGN KEY (tenant_id, query_id) REFERENCES instaqueries (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX instaquery_relation_objects_by_object ON instaquery_relation_objects (tenant_id, object_key);
