CREATE TABLE device_zones (
    tenant_id TEXT NOT NULL,
    device_id TEXT NOT NULL,
    zone_id   TEXT NOT NULL,
    added_at  BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, device_id, zone_id),
    FOREIGN KEY (tenant_id, device_id) REFERENCES devices (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX device_zones_by_zone ON device_zones (tenant_id, zone_id, device_id);
