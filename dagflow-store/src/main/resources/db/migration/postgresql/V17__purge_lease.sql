-- Retention: the one row says which instance purges expired runs, and until when, so that one
-- instance purges at a time.
CREATE TABLE purge_lease (
  id         integer PRIMARY KEY,
  owner      text,
  expires_at timestamptz
);
INSERT INTO purge_lease (id) VALUES (1);
