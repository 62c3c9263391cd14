-- dagflow schema, PostgreSQL. Timestamps keep microseconds; JSON is jsonb.
CREATE TABLE workflows (
  id         text NOT NULL,
  version    integer NOT NULL,
  source     text NOT NULL,
  created_at timestamptz NOT NULL,
  deleted    boolean NOT NULL DEFAULT false,
  PRIMARY KEY (id, version)
);

CREATE TABLE runs (
  run_id           uuid PRIMARY KEY,
  workflow_id      text NOT NULL,
  workflow_version integer NOT NULL,
  status           text NOT NULL,
  params           jsonb,
  queued_at        timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  deadline         timestamptz,
  error            text,
  idempotency_key  text UNIQUE,
  request_hash     text
);
CREATE INDEX runs_status_queued ON runs (status, queued_at);
CREATE INDEX runs_queued ON runs (queued_at, run_id);
CREATE INDEX runs_workflow_queued ON runs (workflow_id, queued_at);
CREATE INDEX runs_running_deadline ON runs (deadline) WHERE status = 'running';

CREATE TABLE nodes (
  run_id           uuid NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  node_id          text NOT NULL,
  type             text NOT NULL,
  name             text NOT NULL,
  status           text NOT NULL,
  attempts         integer NOT NULL DEFAULT 0,
  ready_at         timestamptz,
  started_at       timestamptz,
  finished_at      timestamptz,
  next_attempt_at  timestamptz,
  lease_owner      text,
  lease_expires_at timestamptz,
  output           jsonb,
  quality_score    double precision,
  artifacts        jsonb,
  error            text,
  PRIMARY KEY (run_id, node_id)
);
-- Only claimable and running nodes are indexed: finished nodes pile up, these stay few.
CREATE INDEX nodes_claim ON nodes (status, next_attempt_at) WHERE status IN ('ready', 'retrying');
CREATE INDEX nodes_lease ON nodes (lease_expires_at) WHERE status = 'running';

CREATE SEQUENCE event_seq;
CREATE TABLE events (
  seq         bigint PRIMARY KEY,
  type        text NOT NULL,
  run_id      uuid NOT NULL,
  workflow_id text NOT NULL,
  node_id     text,
  at          timestamptz NOT NULL,
  data        jsonb
);
CREATE INDEX events_run_seq ON events (run_id, seq);

CREATE TABLE context (
  run_id     uuid NOT NULL,
  name       text NOT NULL,
  value_json jsonb,
  PRIMARY KEY (run_id, name)
);

-- One-row table whose row lock is the cluster-wide admission mutex until commit.
CREATE TABLE admission_lock (id integer PRIMARY KEY);
INSERT INTO admission_lock (id) VALUES (1);
-- Kept for parity with H2; PostgreSQL orders events with an advisory lock instead.
CREATE TABLE event_lock (id integer PRIMARY KEY);
INSERT INTO event_lock (id) VALUES (1);
