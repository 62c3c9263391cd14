-- The H2 migration of the same version turns its CLOB columns into VARCHAR; PostgreSQL's text and
-- jsonb columns need no change. Kept so both dialects share version numbers.
SELECT 1;
