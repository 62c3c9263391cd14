package dev.dagflow.engine.definition;

/** What a run does when a node fails for good. */
public enum FailurePolicy {
  /** Unfinished nodes end {@code cancelled}; the run ends {@code failure}. */
  FAIL_FAST,
  /** Independent branches go on; dependents of the failed node end {@code skipped}. */
  CONTINUE
}
