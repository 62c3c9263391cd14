package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;

/**
 * {@code approval}: parks the node until {@code WorkflowEngine.decide} approves or rejects it, or
 * its {@code timeout} fails it. No thread is held meanwhile: the node stays {@code running} under a
 * durable "approval" lease that expires at its timeout.
 */
public final class ApprovalExecutor implements NodeExecutor {
  @Override
  public String type() {
    return "approval";
  }

  @Override
  public NodeResult execute(NodeContext context) {
    return new NodeResult.Waiting();
  }
}
