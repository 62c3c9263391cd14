-- Smaller event rows and indexes (docs/performance.md, "Footprint and retention"); the API returns
-- the same events.
-- - type: a SMALLINT code (EventTypeCodes; 0 for a name this release does not know) instead of the
--   wire name, 2 bytes instead of 11-15.
-- - workflow_id: dropped; it is the run's, and readers take it from the runs row.
-- - data: json (the text as written, compact) instead of jsonb, whose binary form of the short
--   payloads here (a key or two, numbers as numeric) is about half as large again.
-- - columns in an order that leaves no alignment padding, and eight of them, so that the null
--   bitmap of a run event (node_id NULL) still fits the 24-byte row header.
-- - indexes that PostgreSQL deduplicates: a run's events share one (run_id, seq / 32) entry with a
--   list of row pointers instead of one (run_id, seq) entry each, and a transaction's events one
--   xid entry instead of one (xid, pos) entry each. Readers order within a bucket or a transaction
--   by seq or pos (an incremental sort of at most 32 rows, or of one transaction's events). seq
--   stays unique per run by the event_heads row lock that hands it out.
CREATE TABLE events_v22 (
  run_id  uuid NOT NULL,
  seq     bigint NOT NULL,
  pos     bigint NOT NULL,
  xid     xid8 NOT NULL,
  at      timestamptz NOT NULL,
  type    smallint NOT NULL,
  node_id text,
  data    json
);
INSERT INTO events_v22 (run_id, seq, pos, xid, at, type, node_id, data)
SELECT run_id, seq, pos, xid, at,
       CASE type WHEN 'run.queued' THEN 1 WHEN 'run.started' THEN 2 WHEN 'run.succeeded' THEN 3
                WHEN 'run.failed' THEN 4 WHEN 'run.cancelled' THEN 5 WHEN 'run.retried' THEN 6
                WHEN 'node.ready' THEN 7 WHEN 'node.started' THEN 8 WHEN 'node.retrying' THEN 9
                WHEN 'node.waiting' THEN 10 WHEN 'node.succeeded' THEN 11 WHEN 'node.failed' THEN 12
                WHEN 'node.skipped' THEN 13 WHEN 'node.cancelled' THEN 14 ELSE 0 END,
       node_id, CAST(data AS json)
  FROM events
 ORDER BY xid, pos;
DROP TABLE events;
ALTER TABLE events_v22 RENAME TO events;
CREATE INDEX events_run ON events (run_id, (seq / 32));
CREATE INDEX events_cursor ON events (xid);
