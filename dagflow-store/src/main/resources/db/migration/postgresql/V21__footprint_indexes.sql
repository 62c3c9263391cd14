-- Indexes that pay for themselves (docs/performance.md, "Footprint and retention").
-- Finished runs are nearly every row, and nothing looks them up by status: the scheduler's queue
-- and the admission counts read queued and running runs only. Listing by a finished status walks
-- runs_queued or runs_workflow_queued instead.
DROP INDEX runs_status_queued;
CREATE INDEX runs_active_queued ON runs (status, queued_at) WHERE status IN ('queued', 'running');
-- Runs without an Idempotency-Key (most) cost an index entry each for a NULL that never conflicts.
ALTER TABLE runs DROP CONSTRAINT runs_idempotency_key_key;
CREATE UNIQUE INDEX runs_idempotency_key ON runs (idempotency_key) WHERE idempotency_key IS NOT NULL;
