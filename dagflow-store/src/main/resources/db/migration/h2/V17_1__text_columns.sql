-- JSON and text columns become VARCHAR (H2 holds up to 10^9 characters in one): as CLOBs, every
-- value was a LOB object of its own, larger on disk and in H2's page cache than the same string.
ALTER TABLE workflows ALTER COLUMN source SET DATA TYPE VARCHAR;
ALTER TABLE runs ALTER COLUMN params SET DATA TYPE VARCHAR;
ALTER TABLE runs ALTER COLUMN error SET DATA TYPE VARCHAR;
ALTER TABLE nodes ALTER COLUMN output SET DATA TYPE VARCHAR;
ALTER TABLE nodes ALTER COLUMN artifacts SET DATA TYPE VARCHAR;
ALTER TABLE nodes ALTER COLUMN error SET DATA TYPE VARCHAR;
ALTER TABLE events ALTER COLUMN data SET DATA TYPE VARCHAR;
ALTER TABLE context ALTER COLUMN value_json SET DATA TYPE VARCHAR;
