package dev.dagflow.engine.definition;

/**
 * What a schedule does with fire times found later than its {@code max_lateness} (no instance ran
 * then): they are {@code missed} unless this policy starts them.
 */
public enum CatchupPolicy {
  /** Every late fire time is missed. */
  NONE("none"),
  /**
   * The latest late fire time starts a run (unless an on-time one follows); the rest are missed.
   */
  LAST("last"),
  /** Every late fire time starts a run, oldest first. */
  ALL("all");

  private final String label;

  CatchupPolicy(String label) {
    this.label = label;
  }

  /** The word a definition uses. */
  public String label() {
    return label;
  }
}
