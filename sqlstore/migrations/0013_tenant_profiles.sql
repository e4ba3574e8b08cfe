-- What a partner stated when it provisioned a tenant (JSON; '' for a
-- tenant created otherwise).
ALTER TABLE tenants ADD COLUMN profile TEXT NOT NULL DEFAULT '';
