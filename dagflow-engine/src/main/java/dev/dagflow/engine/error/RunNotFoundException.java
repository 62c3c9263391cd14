package dev.dagflow.engine.error;

/** Raised when a lookup names something that does not exist; maps to HTTP 404. */
public final class RunNotFoundException extends DagflowException {
  public RunNotFoundException(String id) {
    super(404, "run not found: %s".formatted(id));
  }
}
