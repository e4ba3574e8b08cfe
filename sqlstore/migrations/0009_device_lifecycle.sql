-- Device Lifecycle Management: per-tenant settings, per-device exemption
-- and inactive-period reset.
ALTER TABLE tenants ADD COLUMN dlcm_inactive_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE tenants ADD COLUMN dlcm_deletion_enabled BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE tenants ADD COLUMN dlcm_deletion_days INTEGER NOT NULL DEFAULT 30;
ALTER TABLE devices ADD COLUMN dlcm_exempt BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE devices ADD COLUMN dlcm_reset_at BIGINT;
CREATE INDEX devices_by_offline ON devices (tenant_id, offline_at);
