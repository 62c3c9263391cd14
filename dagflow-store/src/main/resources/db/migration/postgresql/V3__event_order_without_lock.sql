-- Event order without a cluster-wide lock (docs/engine.md, "Event order").
-- seq: dense per run, assigned under the run's event head row (event_heads), so a run's events
--      commit in seq order.
-- (xid, pos): the global order. xid is the writing transaction's id; global readers stop below the
--      oldest transaction still in progress (pg_snapshot_xmin), so a transaction that began early
--      and commits late is never skipped. pos orders the events of one transaction.
ALTER TABLE events RENAME COLUMN seq TO pos;
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD COLUMN seq bigint;
-- events written before this migration sort first, in their old order
ALTER TABLE events ADD COLUMN xid xid8 NOT NULL DEFAULT '3';
UPDATE events e SET seq = n.rn
  FROM (SELECT pos, row_number() OVER (PARTITION BY run_id ORDER BY pos) AS rn FROM events) n
 WHERE e.pos = n.pos;
ALTER TABLE events ALTER COLUMN seq SET NOT NULL;
ALTER TABLE events ALTER COLUMN xid DROP DEFAULT;
ALTER TABLE events ADD PRIMARY KEY (run_id, seq);
DROP INDEX events_run_seq;
CREATE INDEX events_cursor ON events (xid, pos);
ALTER SEQUENCE event_seq RENAME TO event_pos;

CREATE TABLE event_heads (
  run_id   uuid PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
  last_seq bigint NOT NULL
);
INSERT INTO event_heads (run_id, last_seq)
SELECT r.run_id, COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.run_id = r.run_id), 0)
  FROM runs r;

DROP TABLE event_lock;
