package dev.dagflow.engine.definition;

import java.math.BigDecimal;
import java.util.List;

/**
 * A workflow's service level objectives (its {@code slo:} block, docs/slo.md): the compliance
 * period, the fewest runs in a short window before a burn-rate alert may fire, and the objectives.
 *
 * <pre>{@code
 * Slo slo = definition.slo();   // null when the workflow declares none
 * slo.objectives().get(0).target();   // 99.5
 * }</pre>
 */
public record Slo(Period period, int minRuns, List<SloObjective> objectives) {
  /**
   * The bucket bounds, in seconds, of {@code dag_workflow_execution_duration_seconds}: a duration
   * objective's threshold must be one of them, because the rules count runs over the threshold from
   * the bucket whose {@code le} equals it (docs/metrics.md fixes these buckets).
   */
  public static final List<Long> DURATION_BUCKETS_SECONDS =
      List.of(1L, 5L, 10L, 30L, 60L, 120L, 300L, 600L, 1800L, 3600L);

  /** Default {@code min_runs}. */
  public static final int DEFAULT_MIN_RUNS = 5;

  public Slo {
    objectives = List.copyOf(objectives);
  }

  /** The compliance period: the error budget is spent over this many days. */
  public enum Period {
    DAYS_28("28d"),
    DAYS_30("30d");

    private final String text;

    Period(String text) {
      this.text = text;
    }

    /** As written in a definition and in a Prometheus range: {@code 28d} or {@code 30d}. */
    public String text() {
      return text;
    }
  }

  /** The budget of bad runs an objective allows: {@code 1 - target/100}, exactly. */
  public static BigDecimal errorBudget(SloObjective objective) {
    return BigDecimal.ONE.subtract(objective.target().movePointLeft(2)).stripTrailingZeros();
  }
}
