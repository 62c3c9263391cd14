-- dagflow schema, H2 2.x. Timestamps keep microseconds; JSON is stored as text.
CREATE TABLE workflows (
  id         VARCHAR NOT NULL,
  version    INTEGER NOT NULL,
  source     CLOB NOT NULL,
  created_at TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  deleted    BOOLEAN DEFAULT FALSE NOT NULL,
  PRIMARY KEY (id, version)
);

CREATE TABLE runs (
  run_id           UUID PRIMARY KEY,
  workflow_id      VARCHAR NOT NULL,
  workflow_version INTEGER NOT NULL,
  status           VARCHAR(16) NOT NULL,
  params           CLOB,
  queued_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  started_at       TIMESTAMP(6) WITH TIME ZONE,
  finished_at      TIMESTAMP(6) WITH TIME ZONE,
  deadline         TIMESTAMP(6) WITH TIME ZONE,
  error            CLOB,
  idempotency_key  VARCHAR UNIQUE,
  request_hash     VARCHAR
);
CREATE INDEX runs_status_queued ON runs (status, queued_at);
CREATE INDEX runs_queued ON runs (queued_at, run_id);
CREATE INDEX runs_workflow_queued ON runs (workflow_id, queued_at);
CREATE INDEX runs_status_deadline ON runs (status, deadline);

CREATE TABLE nodes (
  run_id           UUID NOT NULL REFERENCES runs (run_id) ON DELETE CASCADE,
  node_id          VARCHAR NOT NULL,
  type             VARCHAR NOT NULL,
  name             VARCHAR NOT NULL,
  status           VARCHAR(16) NOT NULL,
  attempts         INTEGER DEFAULT 0 NOT NULL,
  ready_at         TIMESTAMP(6) WITH TIME ZONE,
  started_at       TIMESTAMP(6) WITH TIME ZONE,
  finished_at      TIMESTAMP(6) WITH TIME ZONE,
  next_attempt_at  TIMESTAMP(6) WITH TIME ZONE,
  lease_owner      VARCHAR,
  lease_expires_at TIMESTAMP(6) WITH TIME ZONE,
  output           CLOB,
  quality_score    DOUBLE PRECISION,
  artifacts        CLOB,
  error            CLOB,
  PRIMARY KEY (run_id, node_id)
);
CREATE INDEX nodes_claim ON nodes (status, next_attempt_at);
CREATE INDEX nodes_lease ON nodes (status, lease_expires_at);

CREATE SEQUENCE event_seq START WITH 1;
CREATE TABLE events (
  seq         BIGINT PRIMARY KEY,
  type        VARCHAR(32) NOT NULL,
  run_id      UUID NOT NULL,
  workflow_id VARCHAR NOT NULL,
  node_id     VARCHAR,
  at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,
  data        CLOB
);
CREATE INDEX events_run_seq ON events (run_id, seq);

CREATE TABLE context (
  run_id     UUID NOT NULL,
  name       VARCHAR NOT NULL,
  value_json CLOB,
  PRIMARY KEY (run_id, name)
);

-- One-row tables whose row lock is a cluster-wide mutex until commit.
CREATE TABLE admission_lock (id INTEGER PRIMARY KEY);
INSERT INTO admission_lock (id) VALUES (1);
CREATE TABLE event_lock (id INTEGER PRIMARY KEY);
INSERT INTO event_lock (id) VALUES (1);
