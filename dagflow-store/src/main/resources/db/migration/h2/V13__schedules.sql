-- Schedules: one row per (workflow, schedule) with its state; the definition holds the rest.
CREATE TABLE schedules (
  workflow_id      VARCHAR NOT NULL,
  schedule_id      VARCHAR NOT NULL,
  cron             VARCHAR NOT NULL,
  timezone         VARCHAR NOT NULL,
  enabled          BOOLEAN NOT NULL,
  paused           BOOLEAN DEFAULT FALSE NOT NULL,
  next_fire_at     TIMESTAMP(6) WITH TIME ZONE,
  last_fire_at     TIMESTAMP(6) WITH TIME ZONE,
  last_run_id      UUID,
  buffered_fire_at TIMESTAMP(6) WITH TIME ZONE,
  PRIMARY KEY (workflow_id, schedule_id)
);
CREATE INDEX schedules_due ON schedules (next_fire_at);

-- What started a run, when not the API (a child run names its parent node and that node's attempt). The unique key makes a fire time start at most one run;
-- NULLs are distinct, so runs without a schedule never collide.
CREATE TABLE run_triggers (
  run_id         UUID PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
  workflow_id    VARCHAR NOT NULL,
  type           VARCHAR(16) NOT NULL,
  schedule_id    VARCHAR,
  fire_time      TIMESTAMP(6) WITH TIME ZONE,
  parent_run_id  UUID,
  parent_node_id VARCHAR,
  parent_attempt INTEGER,
  CONSTRAINT run_triggers_fire UNIQUE (workflow_id, schedule_id, fire_time)
);
CREATE INDEX run_triggers_parent ON run_triggers (parent_run_id);
