package dev.dagflow.engine.definition;

/**
 * A node's {@code map:} block: the node runs once per element of the list {@code over} (a CEL
 * expression) yields, each element a durable item with its own attempts, retries, timeout and
 * lease. {@code concurrency} is null for no limit.
 *
 * <pre>{@code
 * new MapSpec("params.files", 1024, 8, MapSpec.ItemFailure.FAIL_FAST)
 * }</pre>
 */
public record MapSpec(String over, int maxItems, Integer concurrency, ItemFailure onItemFailure) {
  /** The default bound on a list's length (Airflow's, whose limit users know). */
  public static final int DEFAULT_MAX_ITEMS = 1_024;

  /** What a failed item (its last attempt failed) does to the others. */
  public enum ItemFailure {
    /** Unfinished items end {@code cancelled} and the node fails at once. */
    FAIL_FAST,
    /** The other items go on; the node ends {@code failure} when all have ended. */
    CONTINUE
  }
}
