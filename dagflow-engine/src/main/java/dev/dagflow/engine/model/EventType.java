package dev.dagflow.engine.model;

/** Every transition appends one of these (docs/engine.md). */
public enum EventType {
  RUN_QUEUED("run.queued"),
  RUN_STARTED("run.started"),
  RUN_SUCCEEDED("run.succeeded"),
  RUN_FAILED("run.failed"),
  RUN_CANCELLED("run.cancelled"),
  /** A failed or cancelled run queued again; its unsuccessful nodes are pending again. */
  RUN_RETRIED("run.retried"),
  NODE_READY("node.ready"),
  NODE_STARTED("node.started"),
  NODE_RETRYING("node.retrying"),
  /** An approval node parked until someone approves or rejects it. */
  NODE_WAITING("node.waiting"),
  NODE_SUCCEEDED("node.succeeded"),
  NODE_FAILED("node.failed"),
  NODE_SKIPPED("node.skipped"),
  NODE_CANCELLED("node.cancelled");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in JSON and SQL, e.g. {@code node.succeeded}. */
  public String wireName() {
    return wireName;
  }

  /**
   * Whether this event ends a run: {@code run.succeeded}, {@code run.failed}, {@code
   * run.cancelled}.
   */
  public boolean endsRun() {
    return switch (this) {
      case RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED -> true;
      case RUN_QUEUED,
          RUN_STARTED,
          RUN_RETRIED,
          NODE_READY,
          NODE_STARTED,
          NODE_RETRYING,
          NODE_WAITING,
          NODE_SUCCEEDED,
          NODE_FAILED,
          NODE_SKIPPED,
          NODE_CANCELLED ->
          false;
    };
  }

  /** The event that ends a run in {@code status}, e.g. {@code run.failed} for {@code failure}. */
  public static EventType runEnded(RunStatus status) {
    return switch (status) {
      case SUCCESS -> RUN_SUCCEEDED;
      case FAILURE -> RUN_FAILED;
      case CANCELLED -> RUN_CANCELLED;
      case QUEUED, RUNNING -> throw new IllegalArgumentException("not terminal: " + status);
    };
  }

  public static EventType fromWireName(String name) {
    for (EventType t : values()) {
      if (t.wireName.equals(name)) {
        return t;
      }
    }
    throw new IllegalArgumentException("unknown event type " + name);
  }
}
