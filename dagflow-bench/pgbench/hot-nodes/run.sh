#!/usr/bin/env bash
# Compares a node's life (insert pending, ready, claimed, succeeded) on today's nodes table with a
# HOT-friendly layout (ready queue and leases in tables of their own): WAL bytes per node, rate,
# and HOT updates. docs/performance.md, "HOT-friendly node updates, measured".
#   dagflow-bench/pgbench/hot-nodes/run.sh [postgresql://postgres@127.0.0.1:5432/test]
set -euo pipefail
url=${1:-postgresql://postgres@127.0.0.1:5432/test}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# Each layout twice from an empty schema: the first 3,000 node lives right after a checkpoint (every
# first change of a page writes a full-page image), the next 3,000 with those pages already logged.
measure() {
  local v=$1 phase=$2
  local l0 tps l1 wal
  l0=$(psql -At "$url" -c "select pg_current_wal_lsn()")
  tps=$(pgbench -n -c 1 -j 1 -t 3000 -M prepared -f "$here/$v.sql" "$url" 2>&1 | awk '/^tps/ {print $3}')
  l1=$(psql -At "$url" -c "select pg_current_wal_lsn()")
  wal=$(psql -At "$url" -c "select round(pg_wal_lsn_diff('$l1', '$l0') / 3000)")
  echo "$v, $phase: node lives/s $tps, WAL bytes per node $wal"
}
for v in today hot_friendly today hot_friendly; do
  psql -q "$url" -f "$here/schema.sql" 2>/dev/null
  psql -q "$url" -c checkpoint
  measure "$v" "after a checkpoint"
  measure "$v" "pages already logged"
  psql -At "$url" -c "select '  HOT updates: ' || string_agg(relname || ' ' || n_tup_hot_upd || '/' || n_tup_upd, ', ') from pg_stat_user_tables where schemaname = 'hotexp' and n_tup_upd > 0"
done
psql -q "$url" -c "SET client_min_messages = warning; DROP SCHEMA hotexp CASCADE"
