package dev.dagflow.engine.definition;

/** What a schedule does at a fire time while a run it started earlier is still active. */
public enum OverlapPolicy {
  /** The fire time starts nothing (counted {@code skipped}). */
  SKIP("skip"),
  /** The latest such fire time waits and starts once the active run ends ({@code buffered}). */
  BUFFER_ONE("buffer_one"),
  /** Runs overlap. */
  ALLOW("allow"),
  /** The active runs are cancelled and the new one starts. */
  CANCEL_OTHER("cancel_other");

  private final String label;

  OverlapPolicy(String label) {
    this.label = label;
  }

  /** The word a definition uses. */
  public String label() {
    return label;
  }
}
