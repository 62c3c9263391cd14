package dev.dagflow.store.internal;

import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Claims ready nodes: sets them {@code running} under a lease, skipping rows another transaction
 * holds ({@code SKIP LOCKED}). PostgreSQL claims in one statement; H2 locks, then updates.
 *
 * <pre>{@code
 * List<NodeRecord> mine = new NodeClaims(db).claim("i-1", now, now.plus(lease), 64, null);
 * }</pre>
 */
final class NodeClaims {
  private static final String COLUMNS = NodeTable.COLUMNS;

  /**
   * A node's ready time in SQL: a node that started at the instant it became ready stores NULL
   * ({@link DefaultValues}); a retrying one may be such a node.
   */
  private static final String READY_AT = "COALESCE(ready_at, started_at)";

  /** Claim order: longest ready first. */
  private static final Comparator<NodeRecord> READY_FIRST =
      Comparator.comparing(
          NodeRecord::readyAt, Comparator.nullsFirst(Comparator.<Instant>naturalOrder()));

  private final Db db;

  NodeClaims(Db db) {
    this.db = db;
  }

  List<NodeRecord> claim(
      String owner, Instant now, Instant leaseUntil, int limit, Collection<NodeKey> only) {
    Pages.checkLimit(limit);
    if (only != null && only.isEmpty()) {
      return List.of();
    }
    List<NodeKey> keys = only == null ? List.of() : List.copyOf(only);
    // the IN list lets H2 use nodes_claim: with the OR alone it scanned every node row at each poll
    String where =
        "status IN ('ready', 'retrying')"
            + " AND (status = 'ready' OR (status = 'retrying' AND next_attempt_at <= ?))";
    SkipLocked.Params whereParams =
        (ps, start) -> {
          Columns.setInstant(ps, start, now);
          return start + 1;
        };
    Instant startedAt = now.truncatedTo(ChronoUnit.MICROS);
    Instant expiresAt = leaseUntil.truncatedTo(ChronoUnit.MICROS);
    return switch (db.dialect()) {
      case PostgresDialect pg ->
          keys.isEmpty()
              ? claimInOneStatement(owner, startedAt, expiresAt, limit, where, whereParams)
              : claimByKey(owner, now, startedAt, expiresAt, limit, keys);
      case H2Dialect h2 ->
          keys.isEmpty()
              ? lockThenClaim(owner, startedAt, expiresAt, limit, where, whereParams)
              : update(owner, startedAt, expiresAt, lockEach(keys, now, limit));
    };
  }

  /**
   * H2 fast path for nodes named by key: lock each with one fixed statement (so H2's statement
   * cache hits; an IN-list of keys makes H2 scan every row of the run), skipping rows held
   * elsewhere or no longer claimable; oldest-ready first.
   */
  private List<NodeRecord> lockEach(List<NodeKey> keys, Instant now, int limit) {
    List<NodeRecord> locked = new ArrayList<>(Math.min(limit, keys.size()));
    for (NodeKey k : keys) {
      if (locked.size() == limit) {
        break;
      }
      db.sql()
          .queryOne(
              db.connection(),
              "SELECT "
                  + COLUMNS
                  + " FROM nodes WHERE run_id = ? AND node_id = ? AND (status = 'ready'"
                  + " OR (status = 'retrying' AND next_attempt_at <= ?)) FOR UPDATE SKIP LOCKED",
              ps -> {
                Columns.setUuid(ps, 1, k.runId());
                ps.setString(2, k.nodeId());
                Columns.setInstant(ps, 3, now);
              },
              NodeTable::map)
          .ifPresent(locked::add);
    }
    locked.sort(READY_FIRST);
    return locked;
  }

  /** PostgreSQL: lock, update and return the rows in one round trip. */
  private List<NodeRecord> claimInOneStatement(
      String owner,
      Instant startedAt,
      Instant expiresAt,
      int limit,
      String where,
      SkipLocked.Params whereParams) {
    return claimOnPostgres(
        owner,
        startedAt,
        expiresAt,
        "SELECT run_id, node_id FROM nodes WHERE "
            + where
            + " ORDER BY "
            + READY_AT
            + " LIMIT ? FOR UPDATE SKIP LOCKED",
        (ps, i) -> {
          int next = whereParams.bind(ps, i);
          ps.setInt(next, limit);
          return next + 1;
        });
  }

  /**
   * PostgreSQL fast path for nodes named by key: the keys go as two arrays joined on the primary
   * key, so the statement text is one whatever their number (prepared once per connection) and the
   * plan probes the index per key instead of filtering every claimable row by a long IN list.
   */
  private List<NodeRecord> claimByKey(
      String owner,
      Instant now,
      Instant startedAt,
      Instant expiresAt,
      int limit,
      List<NodeKey> keys) {
    return claimOnPostgres(
        owner,
        startedAt,
        expiresAt,
        "SELECT x.run_id, x.node_id FROM nodes x"
            + " JOIN unnest(?::uuid[], ?::text[]) AS k (run_id, node_id)"
            + " ON x.run_id = k.run_id AND x.node_id = k.node_id"
            + " WHERE x.status = 'ready' OR (x.status = 'retrying' AND x.next_attempt_at <= ?)"
            + " ORDER BY COALESCE(x.ready_at, x.started_at) LIMIT ? FOR UPDATE OF x SKIP LOCKED",
        (ps, i) -> {
          UUID[] runs = keys.stream().map(NodeKey::runId).toArray(UUID[]::new);
          String[] ids = keys.stream().map(NodeKey::nodeId).toArray(String[]::new);
          ps.setArray(i, ps.getConnection().createArrayOf("uuid", runs));
          ps.setArray(i + 1, ps.getConnection().createArrayOf("text", ids));
          Columns.setInstant(ps, i + 2, now);
          ps.setInt(i + 3, limit);
          return i + 4;
        });
  }

  /** Sets the rows {@code candidates} selects (and locks) running under {@code owner}. */
  private List<NodeRecord> claimOnPostgres(
      String owner,
      Instant startedAt,
      Instant expiresAt,
      String candidates,
      SkipLocked.Params candidateParams) {
    List<NodeRecord> claimed =
        new ArrayList<>(
            db.sql()
                .query(
                    db.connection(),
                    // the ready time is written out before started_at moves on (DefaultValues)
                    "UPDATE nodes n SET status = 'running', attempts = n.attempts + 1,"
                        + " ready_at = COALESCE(n.ready_at, n.started_at), started_at = ?,"
                        + " next_attempt_at = NULL, lease_owner = ?, lease_expires_at = ? FROM ("
                        + candidates
                        + ") c WHERE n.run_id = c.run_id AND n.node_id = c.node_id RETURNING "
                        + COLUMNS.replaceAll("(\\w+)", "n.$1"),
                    ps -> {
                      Columns.setInstant(ps, 1, startedAt);
                      ps.setString(2, owner);
                      Columns.setInstant(ps, 3, expiresAt);
                      candidateParams.bind(ps, 4);
                    },
                    NodeTable::map));
    claimed.sort(READY_FIRST);
    return List.copyOf(claimed);
  }

  /** H2: lock the rows (see {@link SkipLocked}), then update them in one batch. */
  private List<NodeRecord> lockThenClaim(
      String owner,
      Instant startedAt,
      Instant expiresAt,
      int limit,
      String where,
      SkipLocked.Params whereParams) {
    List<NodeRecord> candidates =
        SkipLocked.select(
            db,
            "nodes",
            COLUMNS,
            List.of("run_id", "node_id"),
            where,
            whereParams,
            READY_AT,
            limit,
            NodeTable::map);
    return update(owner, startedAt, expiresAt, candidates);
  }

  /** Sets locked candidates running under {@code owner}, in one batch. */
  private List<NodeRecord> update(
      String owner, Instant startedAt, Instant expiresAt, List<NodeRecord> candidates) {
    if (candidates.isEmpty()) {
      return List.of();
    }
    List<NodeRecord> claimed = new ArrayList<>(candidates.size());
    for (NodeRecord n : candidates) {
      claimed.add(n.starting(startedAt, owner, expiresAt).build());
    }
    db.sql()
        .batch(
            db.connection(),
            "UPDATE nodes SET status = 'running', attempts = ?, ready_at = ?, started_at = ?,"
                + " next_attempt_at = NULL, lease_owner = ?, lease_expires_at = ?"
                + " WHERE run_id = ? AND node_id = ?",
            claimed.stream()
                .<SqlExecutor.Binder>map(
                    n ->
                        ps -> {
                          ps.setInt(1, n.attempts());
                          Columns.setInstant(ps, 2, DefaultValues.storedReadyAt(n));
                          Columns.setInstant(ps, 3, startedAt);
                          ps.setString(4, owner);
                          Columns.setInstant(ps, 5, expiresAt);
                          Columns.setUuid(ps, 6, n.runId());
                          ps.setString(7, n.nodeId());
                        })
                .toList());
    return List.copyOf(claimed);
  }
}
