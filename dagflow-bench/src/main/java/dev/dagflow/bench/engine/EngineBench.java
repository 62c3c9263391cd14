package dev.dagflow.bench.engine;

import ch.qos.logback.classic.Level;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end engine benchmark ({@code make bench}, {@code bin/dagflow-bench}): fan-out, chain,
 * wide and admission scenarios on in-memory H2, file H2 and PostgreSQL, each next to an in-memory
 * baseline measured in the same process. Prints one line per scenario and store.
 *
 * <pre>{@code
 * bin/dagflow-bench --scenarios fan-out,chain --stores h2-mem,pg --runs 100
 * }</pre>
 */
@Command(
    name = "dagflow-bench",
    mixinStandardHelpOptions = true,
    description = "End-to-end benchmark of the durable engine against an in-memory baseline.")
public final class EngineBench implements Callable<Integer> {
  static final List<String> SCENARIOS =
      List.of("fan-out", "chain", "chain-10", "wide", "admission", "map", "cross-hop");

  @Option(
      names = "--scenarios",
      split = ",",
      description =
          "Which of fan-out, chain, chain-10 (the chain with 10 runs in flight), wide, admission,"
              + " map, cross-hop (default: all; chain-10 and cross-hop run on PostgreSQL only).")
  List<String> scenarios = SCENARIOS;

  @Option(
      names = "--stores",
      split = ",",
      description =
          "Filter of h2-mem, h2-file, pg (default: all; wide and admission use h2-mem and pg).")
  List<String> stores = List.of("h2-mem", "h2-file", "pg");

  @Option(
      names = "--runs",
      description = "Runs of the fan-out and chain scenarios (default: ${DEFAULT-VALUE}).")
  int runs = 200;

  @Option(
      names = "--width",
      description = "Middle nodes of the fan-out graph (default: ${DEFAULT-VALUE}).")
  int width = 10;

  @Option(names = "--length", description = "Nodes of the chain graph (default: ${DEFAULT-VALUE}).")
  int length = 10;

  @Option(
      names = "--wide-width",
      description = "Middle nodes of the one wide run (default: ${DEFAULT-VALUE}).")
  int wideWidth = 5_000;

  @Option(
      names = "--map-items",
      description =
          "Items of the one mapped node of the map scenario; compare with --wide-width"
              + " (default: ${DEFAULT-VALUE}).")
  int mapItems = 10_000;

  @Option(
      names = "--admission-runs",
      description = "Runs submitted at once in the admission scenario (default: ${DEFAULT-VALUE}).")
  int admissionRuns = 10_000;

  @Option(
      names = "--admission-nodes",
      description = "No-op nodes per admission run, in a line (default: ${DEFAULT-VALUE}).")
  int admissionNodes = 1;

  @Option(
      names = "--submitters",
      description =
          "Threads submitting the runs of every scenario, as a server's concurrent clients would"
              + " (default: ${DEFAULT-VALUE}; 1 submits them one after the other).")
  int submitters = 8;

  @Option(
      names = "--instances",
      description =
          "PostgreSQL: after the fan-out and chain lines, the same scenario again on this many"
              + " engines sharing one schema (each its own store and pool, as separate servers),"
              + " printed as 'pg x2' with its ratio to the single instance; 1 = no such line"
              + " (default: ${DEFAULT-VALUE}).")
  int instances = 2;

  @Option(
      names = "--instance-polling",
      description =
          "The --instances line with the engines finding each other's work by polling only, no"
              + " LISTEN/NOTIFY between them (printed as 'pg x2 poll'; default: NOTIFY, as"
              + " servers do).")
  boolean instancePolling;

  @Option(
      names = "--cross-hop-runs",
      description =
          "Runs of the cross-hop scenario, a chain of --length nodes alternating between two"
              + " engines, per mode (default: ${DEFAULT-VALUE}).")
  int crossHopRuns = 100;

  @Option(
      names = "--cross-hop-in-flight",
      description = "Chains running at once in the cross-hop scenario (default: ${DEFAULT-VALUE}).")
  int crossHopInFlight = 10;

  @Option(names = "--max-active", description = "maxActiveWorkflows (default: ${DEFAULT-VALUE}).")
  int maxActive = 100;

  @Option(
      names = "--node-concurrency",
      description = "nodeConcurrency (default: ${DEFAULT-VALUE}).")
  int nodeConcurrency = 256;

  @Option(names = "--pool-size", description = "JDBC pool size (default: ${DEFAULT-VALUE}).")
  int poolSize = 16;

  @Option(
      names = "--poll-ms",
      description = "Engine poll interval in ms (default: ${DEFAULT-VALUE}).")
  long pollMillis = 50;

  @Option(
      names = "--warmup-runs",
      description =
          "Fan-out runs per warm-up batch through each scenario's own engine and store before its"
              + " timed window (and one batch through the baseline), to warm the JIT, the pool and"
              + " the server; excluded from every figure (default: ${DEFAULT-VALUE}; 0 = none).")
  int warmupRuns = 100;

  @Option(
      names = "--prefill-runs",
      description =
          "PostgreSQL: finished 2-node runs stored before each scenario, as a server with history"
              + " has (default: ${DEFAULT-VALUE}; 0 starts from an empty schema).")
  int prefillRuns = 0;

  @Option(
      names = "--warmup-seconds",
      description =
          "Warm-up batches repeat until the JIT compilers used < 10%% of the JVM's CPU in three in a row, or"
              + " this many seconds have passed, per scenario and store (default:"
              + " ${DEFAULT-VALUE}; 0 = one batch).")
  double warmupSeconds = 30;

  @Option(
      names = "--timeout",
      description =
          "Seconds a scenario may take before it counts as failed (default: ${DEFAULT-VALUE}).")
  long timeoutSeconds = 600;

  @Option(
      names = "--database-url",
      description =
          "PostgreSQL for the pg store; a fresh schema is created and dropped (default: $DAGFLOW_TEST_DATABASE_URL or "
              + BenchStore.DEFAULT_POSTGRES_URL
              + ").")
  String databaseUrl = BenchStore.defaultPostgresUrl();

  @Option(
      names = "--details",
      negatable = true,
      description =
          "Print statements per node and time in the database under each line (default: ${DEFAULT-VALUE}).")
  boolean details = true;

  public static void main(String[] args) {
    quietLogs();
    System.exit(new CommandLine(new EngineBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    for (String s : scenarios) {
      if (!SCENARIOS.contains(s)) {
        throw new CommandLine.ParameterException(
            new CommandLine(this),
            "unknown scenario " + s + " (" + String.join(", ", SCENARIOS) + ")");
      }
    }
    Set<BenchStore.Kind> kinds = new LinkedHashSet<>();
    stores.forEach(s -> kinds.add(BenchStore.Kind.fromLabel(s)));
    EngineSettings settings =
        new EngineSettings(
            maxActive, nodeConcurrency, poolSize, Duration.ofMillis(pollMillis), submitters);
    Duration timeout = Duration.ofSeconds(timeoutSeconds);
    Report report = new Report(System.out, details);
    header(report, settings);
    Scenarios run =
        new Scenarios(
            report,
            settings,
            timeout,
            databaseUrl,
            new WarmUp.Plan(
                Shape.fanOut(width), warmupRuns, Duration.ofMillis((long) (warmupSeconds * 1000))));
    if (instances < 1) {
      throw new CommandLine.ParameterException(
          new CommandLine(this), "--instances must be at least 1, was " + instances);
    }
    run.prefill(prefillRuns).instances(instances, !instancePolling);
    run.warmUpBaseline();
    boolean ok = true;
    if (scenarios.contains("fan-out")) {
      ok &=
          run.throughput("fan-out " + Shape.fanOut(width).name(), Shape.fanOut(width), runs, kinds);
    }
    if (scenarios.contains("chain")) {
      ok &= run.throughput("chain " + length, Shape.chain(length), runs, kinds);
    }
    if (scenarios.contains("chain-10")) {
      // the latency figure: a hop with 10 chains in flight, not 100
      Scenarios ten =
          new Scenarios(
                  report,
                  new EngineSettings(10, nodeConcurrency, poolSize, Duration.ofMillis(pollMillis)),
                  timeout,
                  databaseUrl,
                  new WarmUp.Plan(
                      Shape.fanOut(width),
                      warmupRuns,
                      Duration.ofMillis((long) (warmupSeconds * 1000))))
              .prefill(prefillRuns);
      Set<BenchStore.Kind> pg = new LinkedHashSet<>(kinds);
      pg.retainAll(Set.of(BenchStore.Kind.POSTGRES));
      ok &= ten.throughput("chain " + length + " x10", Shape.chain(length), runs, pg);
    }
    if (scenarios.contains("wide")) {
      ok &=
          run.throughput(
              "wide " + Shape.fanOut(wideWidth).name(), Shape.fanOut(wideWidth), 1, only(kinds));
    }
    if (scenarios.contains("map")) {
      ok &= run.map(mapItems, only(kinds));
    }
    if (scenarios.contains("cross-hop")) {
      ok &= run.crossHop(length, crossHopRuns, crossHopInFlight, kinds);
    }
    if (scenarios.contains("admission")) {
      ok &= run.admission(Shape.chain(admissionNodes), admissionRuns, submitters, only(kinds));
    }
    report.targets();
    return ok ? 0 : 1;
  }

  /** Wide and admission run on in-memory H2 and PostgreSQL only. */
  private static Set<BenchStore.Kind> only(Set<BenchStore.Kind> kinds) {
    Set<BenchStore.Kind> out = new LinkedHashSet<>(kinds);
    out.remove(BenchStore.Kind.H2_FILE);
    return out;
  }

  private void header(Report report, EngineSettings settings) {
    Runtime rt = Runtime.getRuntime();
    List<String> jvm = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
    report.say(
        "dagflow engine benchmark  %s  cpus %d  max heap %d MB  java %s (%s)  jvm args %s"
            .formatted(
                Instant.now().toString().substring(0, 19) + "Z",
                rt.availableProcessors(),
                rt.maxMemory() / (1024 * 1024),
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                jvm));
    report.say("load average at start (other processes share these cpus): " + loadAverage());
    report.say("engine: " + settings);
    report.say("ratios (xN) are to the in-memory baseline of the same scenario in this run");
    report.say(
        "  sched: a node ready -> running, from the persisted readyAt -> startedAt"
            + " (baseline: in-process)");
    report.say(
        "  hop:   a node's attempt began - the last of its dependencies' attempts returned"
            + " (System.nanoTime in the node executor; nodes with dependencies)");
    report.say(
        "  start: a root node's attempt began - its run's persisted startedAt, so it includes the"
            + " admission transaction (baseline: - its admission permit)");
    report.say(
        "  cpu/node: this JVM's CPU; pg cpu/node: every postgres process on this host"
            + " (/proc utime+stime)");
    report.say(
        warmupRuns > 0
            ? String.format(
                java.util.Locale.ROOT,
                "  warm-up: batches of %d fan-out runs through each scenario's own engine and store"
                    + " first, until the JIT used < %.0f%% of the JVM's CPU in 3 batches in a row or %.0f s;"
                    + " not counted",
                warmupRuns,
                WarmUp.SETTLED_JIT_SHARE * 100,
                warmupSeconds)
            : "  warm-up: none");
    report.say("");
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException | RuntimeException e) {
      return String.format(
          java.util.Locale.ROOT,
          "%.2f",
          ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** Engine and pool debug logs would drown the report; -Dlogback.configurationFile overrides. */
  static void quietLogs() {
    if (System.getProperty("logback.configurationFile") == null
        && LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
            instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.WARN);
    }
  }
}
