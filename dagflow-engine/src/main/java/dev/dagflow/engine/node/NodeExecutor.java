package dev.dagflow.engine.node;

/**
 * A node type: executes one attempt of a node. The engine calls {@link #execute} on a virtual
 * thread; it may block, and must return promptly when the thread is interrupted (node timeout, run
 * cancellation, lost lease). Register an implementation through {@code
 * META-INF/services/dev.dagflow.engine.node.NodeExecutor} or {@code
 * DurableEngine.builder().executor(...)}.
 *
 * <pre>{@code
 * final class Echo implements NodeExecutor {
 *   public String type() { return "echo"; }
 *   public NodeResult execute(NodeContext ctx) {
 *     return NodeResult.success(ctx.params());
 *   }
 * }
 * }</pre>
 */
public interface NodeExecutor {

  /** The {@code type} a definition names, e.g. {@code shell}; the {@code node_type} label. */
  String type();

  /**
   * Runs one attempt. Throwing is a failed attempt whose reason is the exception's message; an
   * {@link InterruptedException} means the engine stopped the attempt.
   */
  NodeResult execute(NodeContext context) throws Exception;
}
