-- Runs of the partner reports, each with the CSV it produced.
CREATE TABLE report_runs (
    partner_id TEXT NOT NULL REFERENCES partners (id) ON DELETE CASCADE,
    id         TEXT NOT NULL,
    report_id  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    row_count  INTEGER NOT NULL,
    content    TEXT NOT NULL,
    PRIMARY KEY (partner_id, id)
);
CREATE INDEX report_runs_by_time ON report_runs (partner_id, created_at);
