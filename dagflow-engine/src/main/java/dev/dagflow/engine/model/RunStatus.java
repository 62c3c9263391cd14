package dev.dagflow.engine.model;

/** Run states: {@code queued -> running -> success | failure | cancelled}. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  SUCCESS,
  FAILURE,
  CANCELLED;

  public boolean isTerminal() {
    return switch (this) {
      case QUEUED, RUNNING -> false;
      case SUCCESS, FAILURE, CANCELLED -> true;
    };
  }

  /** The lower-case name used in JSON, SQL and metric labels. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static RunStatus fromLabel(String label) {
    return valueOf(label.toUpperCase(java.util.Locale.ROOT));
  }
}
