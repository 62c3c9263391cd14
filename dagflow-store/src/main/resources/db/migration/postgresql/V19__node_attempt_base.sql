-- A retried run's nodes go on counting attempts; attempt_base is the count before the last retry, so
-- the retry budget (retry.max_attempts) starts afresh from it.
ALTER TABLE nodes ADD COLUMN attempt_base INTEGER DEFAULT 0 NOT NULL;
