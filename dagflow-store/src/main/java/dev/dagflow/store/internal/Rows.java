package dev.dagflow.store.internal;

import dev.dagflow.engine.EngineErrorKind;
import dev.dagflow.engine.error.UndecodableRowException;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Function;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Decoding of the columns a row can hold badly (a status label no enum has, JSON that does not
 * parse or has the wrong shape): each failure becomes an {@link UndecodableRowException} naming the
 * run, the table, the row and what is wrong, never a raw parsing exception.
 *
 * <pre>{@code
 * RunStatus s = Rows.runStatus(runId, rs.getString("status"));
 * }</pre>
 */
final class Rows {
  private Rows() {}

  static RunStatus runStatus(UUID runId, String label) {
    return parse(label, RunStatus::fromLabel, runId, EngineErrorKind.UNDECODABLE_RUN, "runs row");
  }

  static NodeStatus nodeStatus(UUID runId, String nodeId, String label) {
    return parse(
        label,
        NodeStatus::fromLabel,
        runId,
        EngineErrorKind.UNDECODABLE_NODE,
        "nodes row '" + nodeId + "'");
  }

  /**
   * A JSON column; {@code objectOnly} rejects anything but an object (or SQL NULL), for columns
   * that always hold one.
   */
  static JsonNode json(
      ResultSet rs, String column, boolean objectOnly, UUID runId, EngineErrorKind kind, String row)
      throws SQLException {
    JsonNode v;
    try {
      v = Columns.json(rs, column);
    } catch (JacksonException e) {
      throw new UndecodableRowException(
          runId, kind, row + ": " + column + " is not JSON (" + firstLine(e) + ")");
    }
    if (objectOnly && v != null && !v.isObject()) {
      throw new UndecodableRowException(
          runId, kind, row + ": " + column + " is not a JSON object but " + v.getNodeType());
    }
    return v;
  }

  private static <T> T parse(
      String label, Function<String, T> from, UUID runId, EngineErrorKind kind, String row) {
    try {
      return from.apply(label);
    } catch (RuntimeException e) {
      throw new UndecodableRowException(runId, kind, row + ": unknown status '" + label + "'");
    }
  }

  private static String firstLine(JacksonException e) {
    String m = String.valueOf(e.getOriginalMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}
