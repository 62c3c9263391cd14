-- Schedules: one row per (workflow, schedule) with its state; the definition holds the rest.
CREATE TABLE schedules (
  workflow_id      text NOT NULL,
  schedule_id      text NOT NULL,
  cron             text NOT NULL,
  timezone         text NOT NULL,
  enabled          boolean NOT NULL,
  paused           boolean NOT NULL DEFAULT false,
  next_fire_at     timestamptz,
  last_fire_at     timestamptz,
  last_run_id      uuid,
  buffered_fire_at timestamptz,
  PRIMARY KEY (workflow_id, schedule_id)
);
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE enabled AND NOT paused;

-- What started a run, when not the API (a child run names its parent node and that node's attempt). The unique key makes a fire time start at most one run;
-- NULLs are distinct, so runs without a schedule never collide.
CREATE TABLE run_triggers (
  run_id         uuid PRIMARY KEY REFERENCES runs (run_id) ON DELETE CASCADE,
  workflow_id    text NOT NULL,
  type           text NOT NULL,
  schedule_id    text,
  fire_time      timestamptz,
  parent_run_id  uuid,
  parent_node_id text,
  parent_attempt integer,
  CONSTRAINT run_triggers_fire UNIQUE (workflow_id, schedule_id, fire_time)
);
CREATE INDEX run_triggers_parent ON run_triggers (parent_run_id);
