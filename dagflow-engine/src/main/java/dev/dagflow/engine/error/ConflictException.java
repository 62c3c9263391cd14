package dev.dagflow.engine.error;

/** The request is valid but clashes with the current state (e.g. cancelling a finished run). */
public final class ConflictException extends DagflowException {
  public ConflictException(String message) {
    super(409, message);
  }
}
