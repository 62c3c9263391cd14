package dev.dagflow.engine.model;

/**
 * Node states: {@code pending -> ready -> running -> success | failure | skipped | cancelled}, with
 * {@code retrying} between attempts (a retrying node is claimable once its delay passed).
 */
public enum NodeStatus {
  PENDING,
  READY,
  RUNNING,
  RETRYING,
  SUCCESS,
  FAILURE,
  SKIPPED,
  CANCELLED;

  public boolean isTerminal() {
    return switch (this) {
      case PENDING, READY, RUNNING, RETRYING -> false;
      case SUCCESS, FAILURE, SKIPPED, CANCELLED -> true;
    };
  }

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static NodeStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }
}
