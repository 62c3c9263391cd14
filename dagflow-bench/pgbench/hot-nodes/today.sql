\set n random(1, 1000000000)
BEGIN;
INSERT INTO hotexp.nodes_a (run_id, node_id, type, name, status) VALUES (gen_random_uuid(), 'n' || :n, 'noop', 'n', 'pending') RETURNING run_id \gset
COMMIT;
BEGIN;
UPDATE hotexp.nodes_a SET status = 'ready', ready_at = now(), next_attempt_at = now() WHERE run_id = :run_id AND node_id = 'n' || :n;
COMMIT;
BEGIN;
WITH c AS (SELECT run_id, node_id FROM hotexp.nodes_a WHERE status IN ('ready','retrying') AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED)
UPDATE hotexp.nodes_a n SET status = 'running', attempts = attempts + 1, started_at = now(), lease_owner = 'me', lease_expires_at = now() + interval '30 s' FROM c WHERE n.run_id = c.run_id AND n.node_id = c.node_id RETURNING n.run_id AS crun, n.node_id AS cnode \gset
COMMIT;
BEGIN;
UPDATE hotexp.nodes_a SET status = 'succeeded', finished_at = now(), lease_owner = NULL, lease_expires_at = NULL, output = '{}' WHERE run_id = :crun AND node_id = :cnode AND lease_owner = 'me';
COMMIT;
