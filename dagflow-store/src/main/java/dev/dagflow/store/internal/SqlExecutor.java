package dev.dagflow.store.internal;

import dev.dagflow.engine.store.QueryObserver;
import dev.dagflow.engine.store.QueryObserver.QueryKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one place every query runs: it prepares, binds, executes, maps, and reports the query's kind
 * and duration to the {@link QueryObserver} (whether it succeeded or not). SQL errors leave as
 * {@link SqlFailure}.
 *
 * <pre>{@code
 * List<UUID> ids = sql.query(conn, "SELECT run_id FROM runs WHERE status = ?",
 *     ps -> ps.setString(1, "queued"), rs -> rs.getObject(1, UUID.class));
 * }</pre>
 */
public final class SqlExecutor {

  /** Sets a statement's parameters. */
  @FunctionalInterface
  public interface Binder {
    Binder NONE = ps -> {};

    void bind(PreparedStatement ps) throws SQLException;
  }

  /** Maps the current row. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  private final QueryObserver observer;

  public SqlExecutor(QueryObserver observer) {
    this.observer = observer;
  }

  public <T> List<T> query(Connection c, String sql, Binder binder, RowMapper<T> mapper) {
    long start = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      List<T> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(mapper.map(rs));
        }
      }
      return rows;
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    } finally {
      observer.onQuery(kindOf(sql), System.nanoTime() - start);
    }
  }

  public <T> Optional<T> queryOne(Connection c, String sql, Binder binder, RowMapper<T> mapper) {
    List<T> rows = query(c, sql, binder, mapper);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.getFirst());
  }

  /** Runs an INSERT, UPDATE, DELETE or MERGE; returns the rows changed. */
  public int update(Connection c, String sql, Binder binder) {
    long start = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      binder.bind(ps);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    } finally {
      observer.onQuery(kindOf(sql), System.nanoTime() - start);
    }
  }

  /** Runs one statement for each binder as a JDBC batch; returns the rows changed by each. */
  public int[] batch(Connection c, String sql, List<Binder> rows) {
    if (rows.isEmpty()) {
      return new int[0];
    }
    long start = System.nanoTime();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (Binder row : rows) {
        row.bind(ps);
        ps.addBatch();
      }
      return ps.executeBatch();
    } catch (SQLException e) {
      throw new SqlFailure(sql, e);
    } finally {
      observer.onQuery(kindOf(sql), System.nanoTime() - start);
    }
  }

  /** The kind of a statement, from its first keyword (an upsert counts as an insert). */
  static QueryKind kindOf(String sql) {
    String s = sql.stripLeading();
    int end = 0;
    while (end < s.length() && Character.isLetter(s.charAt(end))) {
      end++;
    }
    return switch (s.substring(0, end).toUpperCase(Locale.ROOT)) {
      case "INSERT", "MERGE" -> QueryKind.INSERT;
      case "UPDATE" -> QueryKind.UPDATE;
      case "DELETE" -> QueryKind.DELETE;
      default -> QueryKind.SELECT;
    };
  }
}
