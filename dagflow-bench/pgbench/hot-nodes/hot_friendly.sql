\set n random(1, 1000000000)
BEGIN;
INSERT INTO hotexp.nodes_b (run_id, node_id, type, name, status) VALUES (gen_random_uuid(), 'n' || :n, 'noop', 'n', 'pending') RETURNING run_id \gset
COMMIT;
BEGIN;
UPDATE hotexp.nodes_b SET status = 'ready', ready_at = now(), next_attempt_at = now() WHERE run_id = :run_id AND node_id = 'n' || :n;
INSERT INTO hotexp.queue_b VALUES (:run_id, 'n' || :n, now());
COMMIT;
BEGIN;
WITH c AS (DELETE FROM hotexp.queue_b q WHERE (q.run_id, q.node_id) IN (SELECT run_id, node_id FROM hotexp.queue_b WHERE due <= now() ORDER BY due LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING q.run_id, q.node_id),
 l AS (INSERT INTO hotexp.leases_b SELECT run_id, node_id, 'me', now() + interval '30 s' FROM c)
UPDATE hotexp.nodes_b n SET status = 'running', attempts = attempts + 1, started_at = now(), lease_owner = 'me', lease_expires_at = now() + interval '30 s' FROM c WHERE n.run_id = c.run_id AND n.node_id = c.node_id RETURNING n.run_id AS crun, n.node_id AS cnode \gset
COMMIT;
BEGIN;
WITH d AS (DELETE FROM hotexp.leases_b WHERE run_id = :crun AND node_id = :cnode AND owner = 'me' RETURNING run_id, node_id)
UPDATE hotexp.nodes_b n SET status = 'succeeded', finished_at = now(), lease_owner = NULL, lease_expires_at = NULL, output = '{}' FROM d WHERE n.run_id = d.run_id AND n.node_id = d.node_id;
COMMIT;
