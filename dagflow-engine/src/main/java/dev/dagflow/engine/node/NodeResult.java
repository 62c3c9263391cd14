package dev.dagflow.engine.node;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The outcome of one attempt: {@link Success} with an output, an optional quality score (0..1) and
 * artifacts; {@link Failure} with a reason (retried within the node's retry budget); or {@link
 * Waiting}, which parks the node durably without holding a thread until {@code
 * WorkflowEngine.decide} completes it (the {@code approval} type).
 *
 * <pre>{@code
 * return NodeResult.success(output, 0.92, List.of(ArtifactRef.ofPath("source_code", "app.jar")));
 * }</pre>
 */
public sealed interface NodeResult {

  /** A successful attempt. {@code qualityScore} may be null; {@code artifacts} may be empty. */
  record Success(JsonNode output, Double qualityScore, List<ArtifactRef> artifacts)
      implements NodeResult {
    public Success {
      output = output == null ? JsonNodeFactory.instance.objectNode() : output;
      artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }
  }

  /** A failed attempt and why. */
  record Failure(String reason) implements NodeResult {}

  /** The node waits for an outside decision (approval); it holds no thread meanwhile. */
  record Waiting() implements NodeResult {}

  static NodeResult success(JsonNode output) {
    return new Success(output, null, List.of());
  }

  static NodeResult success(JsonNode output, Double qualityScore, List<ArtifactRef> artifacts) {
    return new Success(output, qualityScore, artifacts);
  }

  static NodeResult failure(String reason) {
    return new Failure(reason);
  }
}
