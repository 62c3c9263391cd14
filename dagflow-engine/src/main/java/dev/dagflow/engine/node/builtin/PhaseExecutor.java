package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import dev.dagflow.engine.node.PhaseHandler;
import dev.dagflow.engine.node.internal.ConfigValues;
import java.util.Map;

/**
 * {@code phase}: runs the {@link PhaseHandler} that {@code config.handler} names.
 *
 * <pre>{@code
 * - id: design
 *   type: phase
 *   config: {handler: design}
 * }</pre>
 */
public final class PhaseExecutor implements NodeExecutor {
  private final Map<String, PhaseHandler> handlers;

  public PhaseExecutor(Map<String, PhaseHandler> handlers) {
    this.handlers = Map.copyOf(handlers);
  }

  @Override
  public String type() {
    return "phase";
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws Exception {
    String name = ConfigValues.requireString(ctx.config(), "handler");
    PhaseHandler handler = handlers.get(name);
    if (handler == null) {
      return NodeResult.failure(
          "no phase handler named '" + name + "' (registered: " + handlers.keySet() + ")");
    }
    NodeResult result = handler.handle(ctx);
    return result == null
        ? NodeResult.failure("phase handler '" + name + "' returned null")
        : result;
  }
}
