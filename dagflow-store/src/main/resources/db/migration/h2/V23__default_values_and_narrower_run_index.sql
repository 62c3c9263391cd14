-- As on PostgreSQL (see its V23), nodes.name and nodes.attempt_base may be NULL: the store writes
-- NULL for a name equal to the node id and for an attempt base of 0, and reads it back as that value.
-- H2 keeps runs_queued on (queued_at, run_id): it has no incremental sort, so a narrower index would
-- make GET /runs and the retention pass sort every candidate.
ALTER TABLE nodes ALTER COLUMN name DROP NOT NULL;
ALTER TABLE nodes ALTER COLUMN attempt_base DROP NOT NULL;
ALTER TABLE nodes ALTER COLUMN attempt_base DROP DEFAULT;
