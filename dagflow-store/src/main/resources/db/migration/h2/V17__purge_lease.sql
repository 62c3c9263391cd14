-- Retention: the one row says which instance purges expired runs, and until when, so that one
-- instance purges at a time.
CREATE TABLE purge_lease (
  id         INTEGER PRIMARY KEY,
  owner      VARCHAR,
  expires_at TIMESTAMP(6) WITH TIME ZONE
);
INSERT INTO purge_lease (id) VALUES (1);
