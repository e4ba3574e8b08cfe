-- "Is this hash on a global list?" by hash alone, whatever the list: the
-- safety of a device and the threat lists ask it for every threat.
CREATE INDEX global_list_entries_by_hash ON global_list_entries (tenant_id, sha256);
