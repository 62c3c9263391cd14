package dev.dagflow.engine.definition;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One node of a workflow as written in its file. {@code config} holds plain Java values (String,
 * Number, Boolean, Map, List); string values may hold {@code ${CEL}} templates. {@code when},
 * {@code timeout}, {@code inputSchema}, {@code outputSchema}, {@code minQualityScore} and {@code
 * map} may be null.
 *
 * <pre>{@code
 * workflow.node("design").dependsOn()   // -> [requirements]
 * }</pre>
 */
public record NodeDefinition(
    String id,
    String type,
    String name,
    List<String> dependsOn,
    String when,
    RetryPolicy retry,
    Duration timeout,
    Map<String, Object> config,
    Map<String, Object> inputSchema,
    Map<String, Object> outputSchema,
    Double minQualityScore,
    MapSpec map) {

  /** A node without {@code map:}. */
  public NodeDefinition(
      String id,
      String type,
      String name,
      List<String> dependsOn,
      String when,
      RetryPolicy retry,
      Duration timeout,
      Map<String, Object> config,
      Map<String, Object> inputSchema,
      Map<String, Object> outputSchema,
      Double minQualityScore) {
    this(
        id,
        type,
        name,
        dependsOn,
        when,
        retry,
        timeout,
        config,
        inputSchema,
        outputSchema,
        minQualityScore,
        null);
  }

  /** This definition under another id (an item of a mapped node runs as {@code <id>[<index>]}). */
  public NodeDefinition withId(String otherId) {
    return new NodeDefinition(
        otherId,
        type,
        name,
        dependsOn,
        when,
        retry,
        timeout,
        config,
        inputSchema,
        outputSchema,
        minQualityScore,
        map);
  }

  /** True when this node runs once per item of a list ({@code map:}). */
  public boolean mapped() {
    return map != null;
  }
}
