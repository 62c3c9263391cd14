package dev.dagflow.engine.schedule;

/** What became of one fire time: the {@code outcome} label of {@code dag_schedule_fires_total}. */
public enum FireOutcome {
  /** A run was queued for it. */
  STARTED("started"),
  /** The overlap policy dropped it (a run was still active), or the admission queue was full. */
  SKIPPED("skipped"),
  /** Held back by {@code overlap: buffer_one} until the active run ends. */
  BUFFERED("buffered"),
  /** Found later than {@code max_lateness} and not caught up. */
  MISSED("missed");

  private final String label;

  FireOutcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
