-- Kept for version parity with PostgreSQL, whose V21 makes two indexes partial. H2 has no partial
-- indexes; its file holds about 0.9 KB of live data per 2-node run (docs/performance.md).
SELECT 1;
