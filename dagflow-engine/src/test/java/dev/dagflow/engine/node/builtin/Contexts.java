package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.RetryPolicy;
import dev.dagflow.engine.node.NodeContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.node.JsonNodeFactory;

/** Node contexts for executor tests. */
final class Contexts {
  private Contexts() {}

  static NodeContext of(String type, Map<String, Object> config, int attempt, Path workDir) {
    NodeDefinition def =
        new NodeDefinition(
            "n", type, "n", List.of(), null, RetryPolicy.NONE, null, config, null, null, null);
    return new NodeContext(
        UUID.randomUUID(),
        "wf",
        def,
        attempt,
        config,
        JsonNodeFactory.instance.objectNode(),
        Map.of(),
        workDir,
        null);
  }
}
