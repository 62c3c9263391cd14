package dev.dagflow.store.internal;

import dev.dagflow.engine.model.Artifact;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Typed reads and writes of the column kinds both dialects share: instants as {@code TIMESTAMP WITH
 * TIME ZONE} (truncated to microseconds, what both databases keep), UUIDs, JSON as text.
 *
 * <pre>{@code
 * Columns.setInstant(ps, 3, run.queuedAt());
 * Instant queuedAt = Columns.instant(rs, "queued_at");
 * }</pre>
 */
public final class Columns {
  static final JsonMapper JSON = JsonMapper.builder().build();

  private Columns() {}

  public static void setInstant(PreparedStatement ps, int i, Instant v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.TIMESTAMP_WITH_TIMEZONE);
    } else {
      ps.setObject(i, v.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC));
    }
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime v = rs.getObject(column, OffsetDateTime.class);
    return v == null ? null : v.toInstant();
  }

  public static void setUuid(PreparedStatement ps, int i, UUID v) throws SQLException {
    ps.setObject(i, v);
  }

  public static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  public static void setString(PreparedStatement ps, int i, String v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.VARCHAR);
    } else {
      ps.setString(i, v);
    }
  }

  public static void setDouble(PreparedStatement ps, int i, Double v) throws SQLException {
    if (v == null) {
      ps.setNull(i, Types.DOUBLE);
    } else {
      ps.setDouble(i, v);
    }
  }

  public static Double nullableDouble(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  public static void setJson(PreparedStatement ps, int i, JsonNode v) throws SQLException {
    setString(ps, i, v == null ? null : JSON.writeValueAsString(v));
  }

  public static JsonNode json(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? null : JSON.readTree(text);
  }

  /** Artifacts as a JSON array of {@code {type, name, size_bytes, uri}}. */
  public static void setArtifacts(PreparedStatement ps, int i, List<Artifact> artifacts)
      throws SQLException {
    if (artifacts == null || artifacts.isEmpty()) {
      setString(ps, i, null);
      return;
    }
    ArrayNode array = JSON.createArrayNode();
    for (Artifact a : artifacts) {
      ObjectNode o = array.addObject();
      o.put("type", a.type());
      o.put("name", a.name());
      o.put("size_bytes", a.sizeBytes());
      o.put("uri", a.uri());
    }
    setString(ps, i, JSON.writeValueAsString(array));
  }

  public static List<Artifact> artifacts(ResultSet rs, String column) throws SQLException {
    return artifacts(json(rs, column));
  }

  /** Artifacts from their parsed JSON array (null for none). */
  public static List<Artifact> artifacts(JsonNode array) {
    if (array == null) {
      return List.of();
    }
    List<Artifact> artifacts = new ArrayList<>(array.size());
    for (JsonNode o : array) {
      artifacts.add(
          new Artifact(
              text(o, "type"), text(o, "name"), o.path("size_bytes").asLong(), text(o, "uri")));
    }
    return List.copyOf(artifacts);
  }

  private static String text(JsonNode o, String field) {
    JsonNode v = o.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
