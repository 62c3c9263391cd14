DROP SCHEMA IF EXISTS hotexp CASCADE;
CREATE SCHEMA hotexp;
SET search_path = hotexp;
-- A: today's nodes table (status in the partial indexes' predicates: no HOT update)
CREATE TABLE nodes_a (
  run_id uuid NOT NULL, node_id text NOT NULL, type text NOT NULL, name text NOT NULL,
  status text NOT NULL, attempts integer NOT NULL DEFAULT 0, ready_at timestamptz,
  started_at timestamptz, finished_at timestamptz, next_attempt_at timestamptz,
  lease_owner text, lease_expires_at timestamptz, output jsonb, quality_score double precision,
  artifacts jsonb, error text, attempt_base integer NOT NULL DEFAULT 0,
  PRIMARY KEY (run_id, node_id));
CREATE INDEX nodes_a_claim ON nodes_a (status, next_attempt_at) WHERE status IN ('ready', 'retrying');
CREATE INDEX nodes_a_lease ON nodes_a (lease_expires_at) WHERE status = 'running';
-- B: HOT-friendly: only the primary key on nodes, room on each page, the queue and leases apart
CREATE TABLE nodes_b (LIKE nodes_a INCLUDING DEFAULTS, PRIMARY KEY (run_id, node_id)) WITH (fillfactor = 70);
CREATE TABLE queue_b (run_id uuid NOT NULL, node_id text NOT NULL, due timestamptz NOT NULL, PRIMARY KEY (run_id, node_id));
CREATE INDEX queue_b_due ON queue_b (due);
CREATE TABLE leases_b (run_id uuid NOT NULL, node_id text NOT NULL, owner text NOT NULL, expires_at timestamptz NOT NULL, PRIMARY KEY (run_id, node_id));
CREATE INDEX leases_b_expires ON leases_b (expires_at);
