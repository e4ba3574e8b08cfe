-- Spent auth-token ids no longer reference their application: on
-- PostgreSQL the foreign-key check queries and locks the application's row
-- (FOR KEY SHARE) on every exchange, all of one application's exchanges
-- on the same row (12% more exchanges per second in wolfden bench
-- --quick --only token --postgres, two A/B pairs). Exchange finds the
-- application before it spends an id, and the ids expire within 30
-- minutes; wolfden deletes no application or tenant (a deletion would now
-- have to take the ids with it).
CREATE TABLE used_token_ids_new (
    tenant_id  TEXT NOT NULL,
    app_id     TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, app_id, jti)
);
INSERT INTO used_token_ids_new (tenant_id, app_id, jti, expires_at)
    SELECT tenant_id, app_id, jti, expires_at FROM used_token_ids;
DROP TABLE used_token_ids;
ALTER TABLE used_token_ids_new RENAME TO used_token_ids;
CREATE INDEX used_token_ids_by_expiry ON used_token_ids (expires_at);
