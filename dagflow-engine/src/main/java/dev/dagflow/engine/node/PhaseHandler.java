package dev.dagflow.engine.node;

/**
 * A Java phase (the seed's {@code phase} node type): {@code config.handler} names a handler
 * registered with {@code DurableEngine.builder().phaseHandler(name, handler)}. It runs like any
 * node: on a virtual thread, interrupted on timeout or cancellation.
 *
 * <pre>{@code
 * builder.phaseHandler("design", ctx -> NodeResult.success(
 *     JsonNodeFactory.instance.objectNode().put("doc", "design.md"), 0.9, List.of()));
 * }</pre>
 */
@FunctionalInterface
public interface PhaseHandler {
  NodeResult handle(NodeContext context) throws Exception;
}
