package dev.dagflow.bench.engine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Prints one line per scenario and store, each figure followed by its ratio to the in-memory
 * baseline measured in the same run ({@code x0.05} = 5% of the baseline's throughput, {@code x40} =
 * 40 times its latency), then the targets as met or missed. The chain latency target is
 * judged on the in-process hop latency ({@link Measurement#hop()}); the persisted readyAt →
 * startedAt figure is printed next to it. On PostgreSQL the throughput ceiling counts the server's
 * CPU per node as well as this JVM's.
 *
 * <pre>{@code
 * Report report = new Report(System.out, true);
 * report.line(durable, baseline);
 * report.targets();
 * }</pre>
 */
public final class Report {
  private static final double MB = 1024.0 * 1024.0;

  private final PrintStream out;
  private final boolean details;
  private final List<Measurement> durable = new ArrayList<>();
  private final List<AdmissionResult> admissions = new ArrayList<>();
  private final List<CrossHopScenario.Result> crossHops = new ArrayList<>();

  public Report(PrintStream out, boolean details) {
    this.out = out;
    this.details = details;
  }

  public void say(String text) {
    out.println(text);
    out.flush();
  }

  /** A throughput scenario on one store, against its baseline (null when printing the baseline). */
  public void line(Measurement m, Measurement base) {
    if (!m.store().equals(BaselineScenario.STORE)) {
      durable.add(m);
    }
    String line =
        String.format(
            Locale.ROOT,
            "%-20s %-8s runs %5d nodes %6d %7.2f s  nodes/s %9.0f %-8s runs/s %8.1f %-8s"
                + "  sched p50 %8.3f ms p99 %8.3f ms  hop p50 %7.3f ms p99 %7.3f ms %-13s"
                + "  start p50 %7.3f ms p99 %7.3f ms"
                + "  cpu/node %7.1f us %-8s %-22s peak heap %5.0f MB%s",
            m.scenario(),
            m.store(),
            m.runs(),
            m.nodes(),
            m.seconds(),
            m.nodesPerSecond(),
            ratio(m.nodesPerSecond(), base == null ? 0 : base.nodesPerSecond()),
            m.runsPerSecond(),
            ratio(m.runsPerSecond(), base == null ? 0 : base.runsPerSecond()),
            m.schedule().p50() / 1e6,
            m.schedule().p99() / 1e6,
            m.hop().p50() / 1e6,
            m.hop().p99() / 1e6,
            base == null || m.hop().count() == 0
                ? ""
                : ratio(m.hop().p50(), base.hop().p50())
                    + "/"
                    + ratio(m.hop().p99(), base.hop().p99()),
            m.start().p50() / 1e6,
            m.start().p99() / 1e6,
            m.cpuMicrosPerNode(),
            ratio(m.cpuMicrosPerNode(), base == null ? 0 : base.cpuMicrosPerNode()),
            pgCpu(m),
            m.peakHeapBytes() / MB,
            (m.failedRuns() == 0 ? "" : "  FAILED RUNS " + m.failedRuns())
                + (m.note().contains(DurableScenario.EXACTLY_ONCE_VIOLATED)
                    ? "  " + DurableScenario.EXACTLY_ONCE_VIOLATED
                    : ""));
    say(line);
    if (details && !m.note().isEmpty()) {
      say("    # " + m.note());
    }
  }

  /**
   * Under a several-instances line ({@code pg x2}): its figures as ratios to the single instance
   * measured just before on the same store, and whether the aggregate kept up (the bar: it
   * must not fall below one instance).
   */
  public void instances(Measurement several, Measurement single) {
    say(
        String.format(
            Locale.ROOT,
            "%-20s %-8s vs %s: nodes/s %s (%.0f vs %.0f, must not fall below x1.0: %s)  hop p50 %s"
                + " p99 %s  cpu/node %s  pg cpu/node %s",
            "",
            several.store(),
            single.store(),
            ratio(several.nodesPerSecond(), single.nodesPerSecond()),
            several.nodesPerSecond(),
            single.nodesPerSecond(),
            several.nodesPerSecond() >= single.nodesPerSecond() ? "kept" : "FELL",
            ratio(several.hop().p50(), single.hop().p50()),
            ratio(several.hop().p99(), single.hop().p99()),
            ratio(several.cpuMicrosPerNode(), single.cpuMicrosPerNode()),
            several.pgCpuMicrosPerNode().isPresent() && single.pgCpuMicrosPerNode().isPresent()
                ? ratio(
                    several.pgCpuMicrosPerNode().getAsDouble(),
                    single.pgCpuMicrosPerNode().getAsDouble())
                : "n/a"));
  }

  /** A line as it is, e.g. the cross-instance hop's ({@link CrossHopScenario}). */
  public void crossHop(CrossHopScenario.Result r) {
    say(r.line());
    crossHops.add(r);
  }

  /** The admission scenario on one store, against its baseline (null for the baseline itself). */
  public void admission(AdmissionResult r, AdmissionResult base) {
    if (!r.store().equals(BaselineScenario.STORE)) {
      admissions.add(r);
    }
    Measurement d = r.drain();
    say(
        String.format(
            Locale.ROOT,
            "%-20s %-8s runs %5d  submit %8.0f runs/s %-8s heap/queued run %8.0f B %-8s"
                + "  peak queue %5d  peak running %4d  drain %7.1f runs/s %-8s %8.0f nodes/s"
                + "  cpu/node %7.1f us %-22s peak heap %5.0f MB%s",
            AdmissionScenario.NAME,
            r.store(),
            r.runs(),
            r.submitsPerSecond(),
            ratio(r.submitsPerSecond(), base == null ? 0 : base.submitsPerSecond()),
            r.heapPerQueuedRunBytes(),
            ratio(r.heapPerQueuedRunBytes(), base == null ? 0 : base.heapPerQueuedRunBytes()),
            r.peakQueueDepth(),
            r.peakRunning(),
            d.runsPerSecond(),
            ratio(d.runsPerSecond(), base == null ? 0 : base.drain().runsPerSecond()),
            d.nodesPerSecond(),
            d.cpuMicrosPerNode(),
            pgCpu(d),
            d.peakHeapBytes() / MB,
            d.failedRuns() == 0 ? "" : "  FAILED RUNS " + d.failedRuns()));
    if (details && !d.note().isEmpty()) {
      say("    # " + d.note());
    }
  }

  /** The targets, each met or missed with the measured figure; false if any missed. */
  public boolean targets() {
    List<String> lines = new ArrayList<>();
    boolean allMet = true;
    allMet &=
        target(
            lines,
            find("fan-out", "h2-mem").map(Measurement::nodesPerSecond),
            "durable no-op nodes/s, fan-out, in-memory H2",
            ">= 10000",
            v -> v >= 10_000,
            "%.0f nodes/s");
    find("fan-out", "h2-mem").ifPresent(m -> lines.add(ceiling(m)));
    allMet &=
        target(
            lines,
            find("wide", "pg").map(Measurement::nodesPerSecond),
            "durable no-op nodes/s, wide, PostgreSQL",
            ">= 10000",
            v -> v >= 10_000,
            "%.0f nodes/s");
    find("wide", "pg").ifPresent(m -> lines.add(ceilingWithServer(m)));
    Optional<Measurement> chainPg = find("chain", "pg");
    String persisted =
        chainPg
            .map(
                m ->
                    String.format(
                        Locale.ROOT,
                        " (in-process hop: last dependency returned -> attempt began;"
                            + " persisted readyAt -> startedAt p50 %.3f ms, p99 %.3f ms)",
                        m.schedule().p50() / 1e6,
                        m.schedule().p99() / 1e6))
            .orElse("");
    allMet &=
        target(
            lines,
            chainPg.filter(m -> m.hop().count() > 0).map(m -> m.hop().p50() / 1e6),
            "chain schedule latency p50, PostgreSQL, hop",
            "<= 2 ms",
            v -> v <= 2,
            "%.3f ms" + persisted.replace("%", "%%"));
    allMet &=
        target(
            lines,
            chainPg.filter(m -> m.hop().count() > 0).map(m -> m.hop().p99() / 1e6),
            "chain schedule latency p99, PostgreSQL, hop",
            "<= 10 ms",
            v -> v <= 10,
            "%.3f ms");
    for (String scenario : List.of("fan-out", "chain")) {
      Optional<Measurement> one = find(scenario, "pg");
      Optional<Measurement> several =
          durable.stream()
              .filter(m -> m.scenario().startsWith(scenario) && m.store().startsWith("pg x"))
              .findFirst();
      if (several.isPresent() && one.isPresent()) {
        double ratio = several.get().nodesPerSecond() / one.get().nodesPerSecond();
        allMet &=
            target(
                lines,
                Optional.of(ratio),
                scenario + " nodes/s, " + several.get().store() + " / one instance",
                ">= x1.0",
                v -> v >= 1.0,
                String.format(
                    Locale.ROOT,
                    "x%%.2f (%.0f vs %.0f nodes/s)",
                    several.get().nodesPerSecond(),
                    one.get().nodesPerSecond()));
      }
    }
    for (CrossHopScenario.Result r : crossHops) {
      lines.add("  " + r.summary());
    }
    for (AdmissionResult a : admissions) {
      allMet &=
          target(
              lines,
              Optional.of(a.heapPerQueuedRunBytes()),
              "heap per queued run, " + a.store(),
              "<= 2048 B",
              v -> v <= 2048,
              "%.0f B");
    }
    say("");
    say("targets:");
    lines.forEach(this::say);
    return allMet;
  }

  /** What this JVM's CPU per node allows on every core of the host, were nothing else running. */
  private static String ceiling(Measurement m) {
    int cores = Runtime.getRuntime().availableProcessors();
    return String.format(
        Locale.ROOT,
        "    (cpu %.0f us/node: CPU-bound ceiling on %d idle cores ~ %.0f nodes/s)",
        m.cpuMicrosPerNode(),
        cores,
        cores * 1e6 / Math.max(1e-9, m.cpuMicrosPerNode()));
  }

  /**
   * On PostgreSQL, the ceiling from this JVM's and the server's CPU per node together (both on this
   * host's cores); this JVM's alone when the server's could not be read.
   */
  private static String ceilingWithServer(Measurement m) {
    if (m.pgCpuMicrosPerNode().isEmpty()) {
      return ceiling(m) + " (JVM side only: pg cpu n/a)";
    }
    int cores = Runtime.getRuntime().availableProcessors();
    double jvm = m.cpuMicrosPerNode();
    double pg = m.pgCpuMicrosPerNode().getAsDouble();
    return String.format(
        Locale.ROOT,
        "    (cpu %.0f us/node JVM + %.0f us/node PostgreSQL = %.0f us/node:"
            + " CPU-bound ceiling on %d idle cores ~ %.0f nodes/s; JVM side alone ~ %.0f nodes/s)",
        jvm,
        pg,
        jvm + pg,
        cores,
        cores * 1e6 / Math.max(1e-9, jvm + pg),
        cores * 1e6 / Math.max(1e-9, jvm));
  }

  /** {@code pg cpu/node 812.0 us} on PostgreSQL lines ({@code n/a} without /proc), else blank. */
  private static String pgCpu(Measurement m) {
    if (!m.store().startsWith(BenchStore.Kind.POSTGRES.label())) {
      return "";
    }
    return m.pgCpuMicrosPerNode().isPresent()
        ? String.format(Locale.ROOT, "pg cpu/node %7.1f us", m.pgCpuMicrosPerNode().getAsDouble())
        : "pg cpu/node     n/a   ";
  }

  private Optional<Measurement> find(String scenarioPrefix, String store) {
    return durable.stream()
        .filter(m -> m.scenario().startsWith(scenarioPrefix) && m.store().equals(store))
        .findFirst();
  }

  private static boolean target(
      List<String> lines,
      Optional<Double> value,
      String what,
      String goal,
      java.util.function.DoublePredicate met,
      String format) {
    if (value.isEmpty()) {
      lines.add(String.format(Locale.ROOT, "  %-45s %-9s not measured in this run", what, goal));
      return true;
    }
    boolean ok = met.test(value.get());
    lines.add(
        String.format(
            Locale.ROOT,
            "  %-45s %-9s %-6s %s",
            what,
            goal,
            ok ? "MET" : "MISSED",
            String.format(Locale.ROOT, format, value.get())));
    return ok;
  }

  private static String ratio(double value, double base) {
    if (base <= 0) {
      return "";
    }
    double r = value / base;
    return String.format(Locale.ROOT, r >= 100 ? "x%.0f" : r >= 1 ? "x%.1f" : "x%.3f", r);
  }
}
