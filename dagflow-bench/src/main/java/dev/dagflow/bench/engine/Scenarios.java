package dev.dagflow.bench.engine;

import dev.dagflow.engine.error.StoreException;
import java.time.Duration;
import java.util.Set;

/**
 * Runs each scenario's baseline, then the scenario on every chosen store, printing each line as
 * soon as it is measured. A store that cannot be opened (PostgreSQL not running) is reported as
 * skipped, not as a failure.
 *
 * <pre>{@code
 * new Scenarios(report, settings, timeout, pgUrl).throughput("chain 10", Shape.chain(10), 200, kinds);
 * }</pre>
 */
final class Scenarios {
  private final Report report;
  private final EngineSettings settings;
  private final Duration timeout;
  private final String pgUrl;

  Scenarios(Report report, EngineSettings settings, Duration timeout, String pgUrl) {
    this.report = report;
    this.settings = settings;
    this.timeout = timeout;
    this.pgUrl = pgUrl;
  }

  /** Runs the graph on the baseline and on in-memory H2 without printing: JIT warm-up. */
  void warmUp(Shape shape, int runs) {
    BaselineScenario.run("warm-up", shape, runs, settings.maxActiveWorkflows());
    try (BenchStore db = BenchStore.open(BenchStore.Kind.H2_MEM, pgUrl, settings.poolSize())) {
      DurableScenario.run("warm-up", shape, runs, db, settings, timeout);
    }
  }

  /** A throughput scenario; false when a run failed. */
  boolean throughput(String name, Shape shape, int runs, Set<BenchStore.Kind> kinds) {
    Measurement base = BaselineScenario.run(name, shape, runs, settings.maxActiveWorkflows());
    report.line(base, null);
    boolean ok = true;
    for (BenchStore.Kind kind : kinds) {
      BenchStore db = open(name, kind);
      if (db == null) {
        continue;
      }
      try (db) {
        Measurement m = DurableScenario.run(name, shape, runs, db, settings, timeout);
        report.line(m, base);
        ok &= m.failedRuns() == 0;
      }
    }
    return ok;
  }

  /** The admission scenario; false when a run failed. */
  boolean admission(Shape shape, int runs, int submitters, Set<BenchStore.Kind> kinds)
      throws InterruptedException {
    AdmissionResult base = AdmissionScenario.baseline(shape, runs, settings.maxActiveWorkflows());
    report.admission(base, null);
    boolean ok = true;
    for (BenchStore.Kind kind : kinds) {
      BenchStore db = open(AdmissionScenario.NAME, kind);
      if (db == null) {
        continue;
      }
      try (db) {
        AdmissionResult r = AdmissionScenario.run(shape, runs, submitters, db, settings, timeout);
        report.admission(r, base);
        ok &= r.drain().failedRuns() == 0;
      }
    }
    return ok;
  }

  private BenchStore open(String scenario, BenchStore.Kind kind) {
    try {
      return BenchStore.open(kind, pgUrl, settings.poolSize());
    } catch (StoreException e) {
      report.say("%-20s %-8s skipped: %s".formatted(scenario, kind.label(), e.getMessage()));
      return null;
    }
  }
}
