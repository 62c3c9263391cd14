package dev.dagflow.store.internal;

import java.sql.SQLException;

/**
 * An {@link SQLException} carried unchecked through the session's methods up to the transaction
 * boundary, which retries it when transient or wraps it into a {@code StoreException}.
 *
 * <pre>{@code
 * catch (SQLException e) { throw new SqlFailure(sql, e); }
 * }</pre>
 */
public final class SqlFailure extends RuntimeException {
  public SqlFailure(String sql, SQLException cause) {
    super(cause.getMessage() + " [" + abbreviate(sql) + "]", cause);
  }

  @Override
  public synchronized SQLException getCause() {
    return (SQLException) super.getCause();
  }

  private static String abbreviate(String sql) {
    String oneLine = sql.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
  }
}
