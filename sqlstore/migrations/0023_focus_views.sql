-- OPTICS focus views. A view goes with its device.
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
CREATE INDEX focus_views_by_creation ON focus_views (tenant_id, created_at DESC, id DESC);
CREATE INDEX focus_views_by_artifact ON focus_views (tenant_id, device_id, value_key);
