-- As on PostgreSQL (see its V22): the type becomes a SMALLINT code (EventTypeCodes; 0 for a name
-- this release does not know) and workflow_id goes (readers take the run's). H2 keeps its indexes:
-- the primary key (run_id, seq) and the unique events_pos.
ALTER TABLE events ADD COLUMN type_code SMALLINT DEFAULT 0 NOT NULL;
UPDATE events SET type_code =
       CASE type WHEN 'run.queued' THEN 1 WHEN 'run.started' THEN 2 WHEN 'run.succeeded' THEN 3
                WHEN 'run.failed' THEN 4 WHEN 'run.cancelled' THEN 5 WHEN 'run.retried' THEN 6
                WHEN 'node.ready' THEN 7 WHEN 'node.started' THEN 8 WHEN 'node.retrying' THEN 9
                WHEN 'node.waiting' THEN 10 WHEN 'node.succeeded' THEN 11 WHEN 'node.failed' THEN 12
                WHEN 'node.skipped' THEN 13 WHEN 'node.cancelled' THEN 14 ELSE 0 END;
ALTER TABLE events DROP COLUMN type;
ALTER TABLE events ALTER COLUMN type_code RENAME TO type;
ALTER TABLE events ALTER COLUMN type DROP DEFAULT;
ALTER TABLE events DROP COLUMN workflow_id;
