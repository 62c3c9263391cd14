package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code workflow}: starts a child run of another registered workflow ({@code workflow_id},
 * optional {@code version}, {@code params}) and waits for it without holding a thread; {@link
 * ChildRuns} completes the node when the child ends. Its output is {@code {run_id, status, outputs:
 * {<node>: <output>}}}.
 *
 * <pre>{@code
 * - id: review
 *   type: workflow
 *   config: {workflow_id: review, params: {doc: "${params.doc}"}}
 * }</pre>
 */
public final class SubWorkflowExecutor implements NodeExecutor {
  private static final Logger log = LoggerFactory.getLogger(SubWorkflowExecutor.class);
  private volatile ChildRuns children;

  @Override
  public String type() {
    return "workflow";
  }

  /** Connects the executor to the engine it runs in (built after the node types). */
  public void bind(ChildRuns childRuns) {
    this.children = childRuns;
  }

  @Override
  public NodeResult execute(NodeContext context) {
    try {
      children.start(context);
      return new NodeResult.Waiting();
    } catch (DagflowException e) {
      if (e.httpStatus() >= 500) {
        // a store failure: its message may name the database, which a node error must not show
        log.warn("cannot start the child run of {}/{}", context.runId(), context.nodeId(), e);
        return NodeResult.failure("cannot start the child run: the store failed (see the log)");
      }
      return NodeResult.failure("cannot start the child run: " + e.getMessage());
    }
  }
}
