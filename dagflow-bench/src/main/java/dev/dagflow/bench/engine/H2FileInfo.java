package dev.dagflow.bench.engine;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What H2 says of its file while the soak runs, as {@code key=value} pairs.
 *
 * <pre>{@code
 * H2FileInfo.describe("jdbc:h2:retry:/tmp/x/dagflow"); // "chunk_count=165 fill_rate=100 …"
 * }</pre>
 */
final class H2FileInfo {
  private H2FileInfo() {}

  /**
   * H2's own account of an H2 file: fill rate of the file and of its chunks (all, and those old
   * enough to be rewritten), chunk and live page counts, and what holds freed space.
   */
  static String describe(String jdbcUrl) {
    StringBuilder out = new StringBuilder();
    try (Connection c = java.sql.DriverManager.getConnection(jdbcUrl);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE"
                    + " SETTING_NAME IN ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE',"
                    + " 'info.CHUNKS_FILL_RATE_RW', 'info.CHUNK_COUNT', 'info.PAGE_COUNT_LIVE',"
                    + " 'info.FILE_WRITE_BYTES') ORDER BY SETTING_NAME")) {
      while (rs.next()) {
        out.append(rs.getString(1).substring(5).toLowerCase(java.util.Locale.ROOT))
            .append('=')
            .append(rs.getString(2))
            .append(' ');
      }
      out.append(versionsHeld(c));
    } catch (SQLException e) {
      return "h2 info: " + e.getMessage();
    }
    return out.toString().trim();
  }

  /**
   * How far H2's oldest version still in use lags its current one, and how many dead chunks wait to
   * be freed: H2 frees a dead chunk only once it is older than the retention time and no version in
   * use can still read it, in the order the chunks died. Read through reflection (H2 keeps both
   * package-private); empty if that fails.
   */
  private static String versionsHeld(Connection c) {
    try {
      var session =
          (org.h2.engine.SessionLocal) c.unwrap(org.h2.jdbc.JdbcConnection.class).getSession();
      org.h2.mvstore.MVStore mv = session.getDatabase().getStore().getMvStore();
      var oldest = org.h2.mvstore.MVStore.class.getDeclaredMethod("getOldestVersionToKeep");
      oldest.setAccessible(true);
      long lag = mv.getCurrentVersion() - (long) oldest.invoke(mv);
      var dead = org.h2.mvstore.FileStore.class.getDeclaredField("deadChunks");
      dead.setAccessible(true);
      int waiting = ((java.util.Collection<?>) dead.get(mv.getFileStore())).size();
      return "versions_held=" + lag + " dead_chunks_waiting=" + waiting;
    } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
      return "";
    }
  }
}
