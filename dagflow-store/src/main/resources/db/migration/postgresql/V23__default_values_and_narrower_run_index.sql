-- Smaller run and node rows and indexes (docs/performance.md, "Footprint and retention").
-- - nodes.name and nodes.attempt_base may be NULL: the store writes NULL for a name equal to the
--   node id and for an attempt base of 0 (as it does for a run's empty params and the empty output of
--   a node that succeeded), and reads NULL back as that value. Rows written before keep their values.
-- - runs_queued indexes queued_at alone: GET /runs and the retention pass order by (queued_at,
--   run_id), and sort the runs of one queued_at by run id as the scan meets them (an incremental
--   sort), so the run id in every entry (16 of its 36 bytes) was paid for ties only.
ALTER TABLE nodes ALTER COLUMN name DROP NOT NULL;
ALTER TABLE nodes ALTER COLUMN attempt_base DROP NOT NULL;
ALTER TABLE nodes ALTER COLUMN attempt_base DROP DEFAULT;
DROP INDEX runs_queued;
CREATE INDEX runs_queued ON runs (queued_at);
