-- A threat's sample, when a report gave it: generated (sample_seed, the
-- text being file_size bytes made from it on each download) or reported
-- (sample_content, at most 512 KiB). At most one is set; neither for a
-- threat reported by hash alone. The threat lists never read them.
ALTER TABLE threats ADD COLUMN sample_seed BIGINT;
ALTER TABLE threats ADD COLUMN sample_content BYTEA;
