-- A device row's version, advanced by every UPDATE of the row, so that an
-- update worked out from an earlier read applies only if nothing changed
-- the row since (UpdateDevice's optimistic path).
ALTER TABLE devices ADD COLUMN row_version BIGINT NOT NULL DEFAULT 0;
