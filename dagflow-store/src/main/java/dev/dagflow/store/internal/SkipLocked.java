package dev.dagflow.store.internal;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Selects the first {@code limit} rows matching a condition, in order, locking them {@code FOR
 * UPDATE SKIP LOCKED}: rows another transaction holds are passed over, never waited for.
 *
 * <p>PostgreSQL does it in one statement. H2 locks every row it reads, and with {@code ORDER BY} it
 * reads them all to sort, so one claimer would lock every match; there an unlocked query picks
 * candidates in order and each is then locked by key, skipping those held elsewhere.
 *
 * <pre>{@code
 * SkipLocked.select(db, "runs", COLUMNS, List.of("run_id"), "status = 'queued'", Params.NONE,
 *     "queued_at, run_id", limit, RunTable::map);
 * }</pre>
 */
final class SkipLocked {
  /** Candidates read per row wanted on H2, so that rows locked by others leave enough free. */
  private static final int H2_CANDIDATES_PER_ROW = 4;

  /** Binds a fragment's parameters from {@code index}; returns the next free index. */
  @FunctionalInterface
  interface Params {
    Params NONE = (ps, index) -> index;

    int bind(PreparedStatement ps, int index) throws SQLException;
  }

  private SkipLocked() {}

  static <T> List<T> select(
      Db db,
      String table,
      String columns,
      List<String> keys,
      String where,
      Params whereParams,
      String orderBy,
      int limit,
      SqlExecutor.RowMapper<T> mapper) {
    return select(db, table, null, columns, keys, where, whereParams, orderBy, limit, mapper);
  }

  /**
   * As above, with H2 told to read the candidates through {@code h2Index}, an index whose order is
   * {@code orderBy}: H2 otherwise may pick an index that matches the condition, then read and sort
   * every match to return the first few (PostgreSQL's planner weighs the {@code LIMIT} itself).
   */
  static <T> List<T> select(
      Db db,
      String table,
      String h2Index,
      String columns,
      List<String> keys,
      String where,
      Params whereParams,
      String orderBy,
      int limit,
      SqlExecutor.RowMapper<T> mapper) {
    return switch (db.dialect()) {
      case PostgresDialect pg ->
          db.sql()
              .query(
                  db.connection(),
                  "SELECT "
                      + columns
                      + " FROM "
                      + table
                      + " WHERE "
                      + where
                      + " ORDER BY "
                      + orderBy
                      + " LIMIT ? FOR UPDATE SKIP LOCKED",
                  ps -> ps.setInt(whereParams.bind(ps, 1), limit),
                  mapper);
      case H2Dialect h2 ->
          selectOneByOne(
              db, table, h2Index, columns, keys, where, whereParams, orderBy, limit, mapper);
    };
  }

  private static <T> List<T> selectOneByOne(
      Db db,
      String table,
      String index,
      String columns,
      List<String> keys,
      String where,
      Params whereParams,
      String orderBy,
      int limit,
      SqlExecutor.RowMapper<T> mapper) {
    List<Object[]> candidates =
        db.sql()
            .query(
                db.connection(),
                "SELECT "
                    + String.join(", ", keys)
                    + " FROM "
                    + table
                    + (index == null ? "" : " USE INDEX (" + index + ")")
                    + " WHERE "
                    + where
                    + " ORDER BY "
                    + orderBy
                    + " LIMIT ?",
                ps -> ps.setInt(whereParams.bind(ps, 1), H2_CANDIDATES_PER_ROW * limit),
                rs -> {
                  Object[] key = new Object[keys.size()];
                  for (int i = 0; i < key.length; i++) {
                    key[i] = rs.getObject(i + 1);
                  }
                  return key;
                });
    String byKey =
        "SELECT "
            + columns
            + " FROM "
            + table
            + " WHERE "
            + String.join(" AND ", keys.stream().map(k -> k + " = ?").toList())
            + " AND "
            + where
            + " FOR UPDATE SKIP LOCKED";
    List<T> locked = new ArrayList<>(limit);
    for (Object[] key : candidates) {
      if (locked.size() == limit) {
        break;
      }
      db.sql()
          .queryOne(
              db.connection(),
              byKey,
              ps -> {
                for (int i = 0; i < key.length; i++) {
                  ps.setObject(i + 1, key[i]);
                }
                whereParams.bind(ps, key.length + 1);
              },
              mapper)
          .ifPresent(locked::add);
    }
    return locked;
  }
}
