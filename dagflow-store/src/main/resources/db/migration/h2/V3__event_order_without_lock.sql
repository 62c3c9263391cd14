-- Event order without a cluster-wide lock (docs/engine.md, "Event order").
-- seq: dense per run, assigned under the run's event head row (event_heads).
-- pos: the global order. H2 runs in one process: the store hands out positions itself and global
--      readers stop below the lowest position whose transaction is still in flight.
-- xid: unused on H2 (always 0); PostgreSQL orders by (xid, pos).
ALTER TABLE events ALTER COLUMN seq RENAME TO pos;
ALTER TABLE events DROP PRIMARY KEY;
ALTER TABLE events ADD COLUMN seq BIGINT;
ALTER TABLE events ADD COLUMN xid BIGINT DEFAULT 0 NOT NULL;
MERGE INTO events e
USING (SELECT pos, ROW_NUMBER() OVER (PARTITION BY run_id ORDER BY pos) AS rn FROM events) n
   ON e.pos = n.pos
 WHEN MATCHED THEN UPDATE SET seq = n.rn;
ALTER TABLE events ALTER COLUMN seq SET NOT NULL;
ALTER TABLE events ADD PRIMARY KEY (run_id, seq);
DROP INDEX events_run_seq;
CREATE UNIQUE INDEX events_pos ON events (pos);
DROP SEQUENCE event_seq;

CREATE TABLE event_heads (
  run_id   UUID PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
  last_seq BIGINT NOT NULL
);
INSERT INTO event_heads (run_id, last_seq)
SELECT r.run_id, COALESCE((SELECT MAX(e.seq) FROM events e WHERE e.run_id = r.run_id), 0)
  FROM runs r;

DROP TABLE event_lock;
