package dev.dagflow.engine.error;

/** Raised when a lookup names something that does not exist; maps to HTTP 404. */
public final class WorkflowNotFoundException extends DagflowException {
  public WorkflowNotFoundException(String id) {
    super(404, "workflow not found: %s".formatted(id));
  }
}
