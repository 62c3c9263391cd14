package dev.dagflow.bench.engine;

import dev.dagflow.engine.error.StoreException;
import java.time.Duration;
import java.util.Set;

/**
 * Runs each scenario's baseline, then the scenario on every chosen store, printing each line as
 * soon as it is measured. Every durable scenario first warms up on its own engine and store ({@link
 * WarmUp}, not measured). A store that cannot be opened (PostgreSQL not running) is reported as
 * skipped, not as a failure.
 *
 * <pre>{@code
 * new Scenarios(report, settings, timeout, pgUrl, warmUpPlan)
 *     .throughput("chain 10", Shape.chain(10), 200, kinds);
 * }</pre>
 */
final class Scenarios {
  private final Report report;
  private final EngineSettings settings;
  private final Duration timeout;
  private final String pgUrl;
  private final WarmUp.Plan warmUp;
  private int prefillRuns;
  private int instances = 1;
  private boolean instanceWakeups = true;

  Scenarios(
      Report report, EngineSettings settings, Duration timeout, String pgUrl, WarmUp.Plan warmUp) {
    this.report = report;
    this.settings = settings;
    this.timeout = timeout;
    this.pgUrl = pgUrl;
    this.warmUp = warmUp;
  }

  /**
   * Runs the warm-up graph on the baseline without printing: its JIT warm-up. (Each durable
   * scenario warms up on its own engine and store.)
   */
  void warmUpBaseline() {
    if (warmUp.runsPerBatch() > 0) {
      BaselineScenario.run(
          "warm-up", warmUp.shape(), warmUp.runsPerBatch(), settings.maxActiveWorkflows());
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
      Measurement m;
      try (db) {
        m = DurableScenario.run(name, shape, runs, db, settings, timeout, warmUp);
        report.line(m, base);
        ok &= m.failedRuns() == 0;
      }
      if (kind == BenchStore.Kind.POSTGRES && instances > 1) {
        ok &= severalInstances(name, shape, runs, base, m);
      }
    }
    return ok;
  }

  /**
   * The same scenario on {@link #instances(int)} engines sharing one fresh schema, printed next to
   * the single instance's line {@code single}; false when a run failed or a node did not run
   * exactly once.
   */
  private boolean severalInstances(
      String name, Shape shape, int runs, Measurement base, Measurement single) {
    BenchStore db = open(name, BenchStore.Kind.POSTGRES);
    if (db == null) {
      return true;
    }
    try (db) {
      Measurement m =
          DurableScenario.run(
              name, shape, runs, db, instances, instanceWakeups, settings, timeout, warmUp);
      report.line(m, base);
      report.instances(m, single);
      return m.failedRuns() == 0 && !m.note().contains(DurableScenario.EXACTLY_ONCE_VIOLATED);
    }
  }

  /**
   * The cross-instance hop ({@link CrossHopScenario}) on PostgreSQL; false when a run failed or a
   * node did not run exactly once.
   */
  boolean crossHop(int length, int runs, int inFlight, Set<BenchStore.Kind> kinds) {
    if (!kinds.contains(BenchStore.Kind.POSTGRES)) {
      return true;
    }
    boolean ok = true;
    for (CrossHopScenario.Mode mode : CrossHopScenario.Mode.values()) {
      BenchStore db = open(CrossHopScenario.NAME, BenchStore.Kind.POSTGRES);
      if (db == null) {
        return true;
      }
      try (db) {
        CrossHopScenario.Result r =
            CrossHopScenario.run(mode, length, runs, inFlight, db, settings, timeout);
        report.crossHop(r);
        ok &= r.ok();
      }
    }
    return ok;
  }

  /**
   * Engines sharing the PostgreSQL schema in an extra line of each throughput scenario, waking each
   * other by {@code NOTIFY} or polling only.
   */
  Scenarios instances(int n, boolean wakeups) {
    this.instances = n;
    this.instanceWakeups = wakeups;
    return this;
  }

  /** The map scenario ({@link MapScenario}): one run per store; false when one failed. */
  boolean map(int items, Set<BenchStore.Kind> kinds) {
    boolean ok = true;
    for (BenchStore.Kind kind : kinds) {
      BenchStore db = open(MapScenario.NAME, kind);
      if (db == null) {
        continue;
      }
      try (db) {
        String line = MapScenario.run(items, db, settings, timeout);
        report.say(line);
        ok &= line.contains(" success in ");
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
        AdmissionResult r =
            AdmissionScenario.run(shape, runs, submitters, db, settings, timeout, warmUp);
        report.admission(r, base);
        ok &= r.drain().failedRuns() == 0;
      }
    }
    return ok;
  }

  /**
   * Finished runs stored in each PostgreSQL schema before its scenario ({@link
   * BenchStore#prefill}).
   */
  Scenarios prefill(int runs) {
    this.prefillRuns = runs;
    return this;
  }

  private BenchStore open(String scenario, BenchStore.Kind kind) {
    try {
      BenchStore db = BenchStore.open(kind, pgUrl, settings.poolSize());
      db.prefill(prefillRuns);
      return db;
    } catch (StoreException e) {
      report.say("%-20s %-8s skipped: %s".formatted(scenario, kind.label(), e.getMessage()));
      return null;
    }
  }
}
