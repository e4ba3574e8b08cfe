-- Re-indexing a device's MACs on update, and the cascade when a device is
-- deleted, find its rows by device: without this index both scan every
-- MAC of the tenant.
CREATE INDEX device_macs_by_device ON device_macs (tenant_id, device_id);
