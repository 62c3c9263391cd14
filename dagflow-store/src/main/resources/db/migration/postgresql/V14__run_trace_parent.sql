-- The W3C traceparent of a run's span, written at submit when tracing is on (docs/monitoring.md):
-- an instance that resumes the run starts a new span linked to it. Never updated.
ALTER TABLE runs ADD COLUMN trace_parent VARCHAR(55);
