-- A threat is a convicted file (by SHA-256) as the tenant knows it; where
-- it was found, and its status there, is device_threats. first/last found
-- and the global-list flags are derived when read.
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
    running            BOOLEAN NOT NULL,
    PRIMARY KEY (tenant_id, sha256)
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
CREATE INDEX device_threats_by_hash ON device_threats (tenant_id, sha256, date_found);
