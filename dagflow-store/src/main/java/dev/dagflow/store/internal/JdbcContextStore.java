package dev.dagflow.store.internal;

import dev.dagflow.engine.error.StoreException;
import dev.dagflow.engine.store.ContextObserver;
import dev.dagflow.engine.store.ContextStore;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;

/**
 * The context store on the {@code context} table; each operation is one auto-commit statement,
 * reported to the {@link ContextObserver} as succeeded or failed. The engine writes inside its own
 * transactions instead ({@link JdbcSession#saveContext}), reported the same way at commit.
 *
 * <pre>{@code
 * store.contextStore().save(runId, "params", params);
 * }</pre>
 */
public final class JdbcContextStore implements ContextStore {
  private static final String PARAMS = "params";

  private final DataSource dataSource;
  private final SqlExecutor sql;
  private final Dialect dialect;
  private final ContextObserver observer;
  private final H2GroupCommit groupCommit; // embedded H2 file: a write returns once in the file

  public JdbcContextStore(
      DataSource dataSource,
      SqlExecutor sql,
      Dialect dialect,
      ContextObserver observer,
      H2GroupCommit groupCommit) {
    this.dataSource = dataSource;
    this.sql = sql;
    this.dialect = dialect;
    this.observer = observer;
    this.groupCommit = groupCommit;
  }

  @Override
  public void save(UUID runId, String key, JsonNode value) {
    written(
        "save",
        c -> {
          new ContextTable(new Db(c, sql, dialect)).upsert(runId, key, value);
          return null;
        });
  }

  /**
   * A run's {@code params} are not copied into the context at submit: they are the run row's own
   * column, so without a saved {@code params} value the run's params answer (one JSON copy per run,
   * not two).
   */
  @Override
  public Optional<JsonNode> load(UUID runId, String key) {
    return observed(
        "load",
        c -> {
          Optional<JsonNode> saved =
              sql.queryOne(
                  c,
                  "SELECT value_json FROM context WHERE run_id = ? AND name = ?",
                  ps -> {
                    Columns.setUuid(ps, 1, runId);
                    ps.setString(2, key);
                  },
                  rs -> Columns.json(rs, "value_json"));
          if (saved.isPresent() || !PARAMS.equals(key)) {
            return saved;
          }
          return sql.queryOne(
              c,
              "SELECT params FROM runs WHERE run_id = ?",
              ps -> Columns.setUuid(ps, 1, runId),
              rs -> DefaultValues.params(Columns.json(rs, "params")));
        });
  }

  @Override
  public int delete(UUID runId) {
    return written(
        "delete",
        c ->
            sql.update(
                c, "DELETE FROM context WHERE run_id = ?", ps -> Columns.setUuid(ps, 1, runId)));
  }

  /** An auto-commit write: with H2 group commit, it returns once the file holds it. */
  private <T> T written(String operation, Function<Connection, T> work) {
    return observed(
        operation,
        c -> {
          T result = work.apply(c);
          if (groupCommit != null) {
            try {
              groupCommit.awaitWritten(c);
            } catch (SQLException e) {
              throw new SqlFailure("COMMIT", e);
            }
          }
          return result;
        });
  }

  private <T> T observed(String operation, Function<Connection, T> work) {
    return Transactions.withInterruptDeferred(() -> run(operation, work));
  }

  private <T> T run(String operation, Function<Connection, T> work) {
    boolean success = false;
    try (Connection c = dataSource.getConnection()) {
      T result = work.apply(c);
      success = true;
      return result;
    } catch (SQLException e) {
      throw new StoreException("context store " + operation + " failed: " + e.getMessage(), e);
    } catch (SqlFailure e) {
      throw new StoreException("context store " + operation + " failed: " + e.getMessage(), e);
    } finally {
      observer.onOperation(operation, success);
    }
  }
}
