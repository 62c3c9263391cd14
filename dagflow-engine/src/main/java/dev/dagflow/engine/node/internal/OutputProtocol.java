package dev.dagflow.engine.node.internal;

import dev.dagflow.engine.node.ArtifactRef;
import dev.dagflow.engine.node.NodeResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the result document a node writes ({@code $DAGFLOW_OUTPUT} for {@code shell}, the {@code
 * mock} config): {@code {"output":{…},"quality_score":0.9,"artifacts":[{"type":…,"path":…}]}}.
 */
public final class OutputProtocol {
  private OutputProtocol() {}

  /** Builds a success from the document; relative artifact paths resolve against {@code base}. */
  public static NodeResult.Success read(JsonNode doc, Path base) {
    if (doc == null || !doc.isObject()) {
      throw new IllegalArgumentException("the result document must be a JSON object");
    }
    JsonNode output = doc.get("output");
    Double score = null;
    JsonNode q = doc.get("quality_score");
    if (q != null && !q.isNull()) {
      if (!q.isNumber()) {
        throw new IllegalArgumentException("quality_score must be a number");
      }
      score = q.doubleValue();
    }
    List<ArtifactRef> artifacts = new ArrayList<>();
    JsonNode arts = doc.get("artifacts");
    if (arts != null && arts.isArray()) {
      for (JsonNode a : arts) {
        artifacts.add(artifact(a, base));
      }
    }
    return new NodeResult.Success(output, score, artifacts);
  }

  /** Reads artifacts given as plain maps (the {@code mock} config). */
  public static List<ArtifactRef> artifacts(List<?> items, Path base) {
    List<ArtifactRef> out = new ArrayList<>();
    for (Object item : items) {
      if (!(item instanceof Map<?, ?>)) {
        throw new IllegalArgumentException("each artifact must be a map with a type");
      }
      out.add(artifact(JsonMapper.shared().valueToTree(item), base));
    }
    return out;
  }

  private static ArtifactRef artifact(JsonNode a, Path base) {
    String type = text(a, "type");
    if (type == null) {
      throw new IllegalArgumentException("an artifact has no type: " + a);
    }
    String path = text(a, "path");
    if (path != null && base != null) {
      path = base.resolve(path).toString();
    }
    JsonNode size = a.get("size_bytes");
    Long sizeBytes = size != null && size.isNumber() ? size.longValue() : null;
    return new ArtifactRef(type, text(a, "name"), path, sizeBytes, text(a, "uri"));
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asString();
  }
}
