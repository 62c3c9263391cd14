package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import tools.jackson.databind.node.JsonNodeFactory;

/** {@code noop}: does nothing and succeeds at once with {@code {}}. */
public final class NoopExecutor implements NodeExecutor {
  @Override
  public String type() {
    return "noop";
  }

  @Override
  public NodeResult execute(NodeContext context) {
    return NodeResult.success(JsonNodeFactory.instance.objectNode());
  }
}
