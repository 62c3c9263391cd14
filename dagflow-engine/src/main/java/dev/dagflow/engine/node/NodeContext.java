package dev.dagflow.engine.node;

import dev.dagflow.engine.definition.NodeDefinition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What one attempt of a node sees. {@code config} is the node's {@code config} with every {@code
 * ${…}} template rendered (plain Java values: String, Number, Boolean, Map, List). {@code upstream}
 * maps each dependency's id to its output. {@code workDir} is this node's own directory (not
 * created until a node type needs it). {@code deadline} is when the engine will interrupt the
 * attempt, or null without a node or run timeout.
 *
 * <pre>{@code
 * String url = ctx.configString("url").orElseThrow();
 * JsonNode design = ctx.upstream().get("design");
 * }</pre>
 */
public record NodeContext(
    UUID runId,
    String workflowId,
    NodeDefinition node,
    int attempt,
    Map<String, Object> config,
    JsonNode params,
    Map<String, JsonNode> upstream,
    Path workDir,
    Instant deadline) {

  public NodeContext {
    config = config == null ? Map.of() : config;
    upstream = upstream == null ? Map.of() : upstream;
  }

  /** The node's id. */
  public String nodeId() {
    return node.id();
  }

  /** A config value as a string, if present. */
  public java.util.Optional<String> configString(String key) {
    Object v = config.get(key);
    return v == null ? java.util.Optional.empty() : java.util.Optional.of(String.valueOf(v));
  }
}
