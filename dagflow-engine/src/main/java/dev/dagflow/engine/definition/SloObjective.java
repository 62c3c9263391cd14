package dev.dagflow.engine.definition;

import java.math.BigDecimal;

/**
 * One objective of a workflow's {@code slo:} block; {@code target} is the percentage of runs that
 * must be good (above 0, below 100).
 *
 * <pre>{@code
 * switch (objective) {
 *   case SloObjective.SuccessRatio s -> ...;             // good = the run succeeded
 *   case SloObjective.DurationUnder d -> d.thresholdSeconds(); // good = it took at most this long
 * }
 * }</pre>
 */
public sealed interface SloObjective {
  /** The objective's name: the {@code slo} label of its rules and alerts. */
  String name();

  /** Percent of runs that must be good, e.g. {@code 99.5}. */
  BigDecimal target();

  /**
   * Good runs are the ones that succeed, out of runs that succeed or fail; cancelled runs are left
   * out (an operator's decision, not the workflow's failure).
   */
  record SuccessRatio(String name, BigDecimal target) implements SloObjective {}

  /**
   * Good runs are the ones that end, in any status, within {@code thresholdSeconds}: a bucket bound
   * of the run duration histogram ({@link Slo#DURATION_BUCKETS_SECONDS}).
   */
  record DurationUnder(String name, long thresholdSeconds, BigDecimal target)
      implements SloObjective {}
}
