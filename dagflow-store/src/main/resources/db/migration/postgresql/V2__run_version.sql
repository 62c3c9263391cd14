-- A run's version moves up with every write of its row under the run lock, so an instance may
-- reuse the node rows it read at the same version instead of reading them again.
ALTER TABLE runs ADD COLUMN version bigint NOT NULL DEFAULT 0;
