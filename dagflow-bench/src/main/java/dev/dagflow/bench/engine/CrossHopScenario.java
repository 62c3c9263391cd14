package dev.dagflow.bench.engine;

import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.engine.runtime.DurableEngineBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cross-instance hop on PostgreSQL: a chain whose nodes run on alternating engines ({@link
 * AlternatingClaims}), so each hop is "the last dependency returned on one instance → the next
 * attempt began on the other". Measured three ways, each on a fresh schema with {@code inFlight}
 * chains running at once: the same chain on one instance (the local hop: the completing instance
 * claims the node itself), on two instances woken by {@code LISTEN/NOTIFY}, and on two instances
 * with wake-ups off (the other instance finds the node at its next poll). The chain's nodes hold a
 * template, so no instance starts them inside the completing transaction (they are left to a claim,
 * as nodes without a free permit are); that is the same in all three modes.
 *
 * <pre>{@code
 * CrossHopScenario.Result r = CrossHopScenario.run(Mode.NOTIFY, 10, 100, 10, db, settings, timeout);
 * report.crossHop(r);
 * }</pre>
 */
final class CrossHopScenario {
  static final String NAME = "cross-hop";
  private static final String WORKFLOW_ID = "bench_cross_hop";

  /** One instance, or two with wake-ups by {@code NOTIFY}, or two that only poll. */
  enum Mode {
    ONE_INSTANCE("1 instance", 1, false),
    NOTIFY("2 instances, NOTIFY", 2, true),
    POLLING("2 instances, polling only", 2, false);

    final String label;
    final int instances;
    final boolean wakeups;

    Mode(String label, int instances, boolean wakeups) {
      this.label = label;
      this.instances = instances;
      this.wakeups = wakeups;
    }
  }

  /**
   * What one mode measured: the printed {@code line}, the hop latencies between instances ({@code
   * cross}) and within one ({@code same}), a {@code summary} for the targets, and whether every run
   * succeeded with every node run exactly once.
   */
  record Result(
      Mode mode, String line, Latencies cross, Latencies same, String summary, boolean ok) {}

  private CrossHopScenario() {}

  /** The chain as a workflow of probe nodes, each after the first templated on its predecessor. */
  static String yaml(int length) {
    StringBuilder y = new StringBuilder("id: " + WORKFLOW_ID + "\nnodes:\n");
    for (int i = 1; i <= length; i++) {
      y.append("  - id: n%05d\n    type: %s\n".formatted(i, ProbeExecutor.TYPE));
      if (i > 1) {
        y.append("    depends_on: [n%05d]\n".formatted(i - 1));
        y.append("    config: {upstream: \"${nodes.n%05d.output}\"}\n".formatted(i - 1));
      }
    }
    return y.toString();
  }

  static Result run(
      Mode mode,
      int length,
      int runs,
      int inFlight,
      BenchStore db,
      EngineSettings settings,
      Duration timeout) {
    if (length < 2) {
      throw new IllegalArgumentException("a chain needs 2 nodes to hop, was " + length);
    }
    EngineSettings s =
        new EngineSettings(
            inFlight, settings.nodeConcurrency(), settings.poolSize(), settings.pollInterval());
    Shape shape = Shape.chain(length);
    AlternatingClaims alternation = new AlternatingClaims(length);
    Set<UUID> ended = ConcurrentHashMap.newKeySet();
    AtomicInteger unsuccessful = new AtomicInteger();
    CountDownLatch[] finished = {new CountDownLatch(0)};
    List<BenchStore> stores = new ArrayList<>(List.of(db));
    List<ProbeExecutor> probes = new ArrayList<>();
    List<DurableEngine> engines = new ArrayList<>();
    try {
      for (int i = 0; i < mode.instances; i++) {
        BenchStore store = i == 0 ? db : db.peer(settings.poolSize());
        if (i > 0) {
          stores.add(store);
        }
        ProbeExecutor probe = new ProbeExecutor(alternation::returned);
        probes.add(probe);
        CountingStore counted = store.counted().wakeups(mode.wakeups);
        DurableEngineBuilder builder =
            s.builder(mode.instances > 1 ? alternation.restrict(counted, i) : counted)
                .instanceId("bench-" + (i + 1))
                .maxQueuedRuns(Math.max(10_000, runs + 1))
                .executor(probe)
                .listener(
                    (event, run, node) -> {
                      if (WORKFLOW_ID.equals(event.workflowId())
                          && event.type().endsRun()
                          && ended.add(event.runId())) {
                        if (run.status() != RunStatus.SUCCESS) {
                          unsuccessful.incrementAndGet();
                        }
                        finished[0].countDown();
                      }
                    });
        engines.add(builder.build());
      }
      engines.getFirst().register(yaml(length), WORKFLOW_ID + ".yaml");
      engines.forEach(DurableEngine::start);
      // warm-up: the same runs, not counted (the JIT, the pools, the server's statements)
      boolean warm = submitAndWait(engines, Math.max(10, runs / 2), finished, timeout) != null;
      db.analyze();
      probes.forEach(ProbeExecutor::clear);
      unsuccessful.set(0);
      stores.forEach(b -> b.counted().reset());
      Optional<PgCpu.Snapshot> pgBefore = PgCpu.snapshot();
      long cpu = Measurement.processCpuNanos();
      long start = System.nanoTime();
      List<UUID> ids = warm ? submitAndWait(engines, runs, finished, timeout) : null;
      long elapsed = System.nanoTime() - start;
      cpu = Measurement.processCpuNanos() - cpu;
      Optional<PgCpu.Usage> pg = PgCpu.between(pgBefore, PgCpu.snapshot(), db.backendPids());
      if (ids == null) {
        return timedOut(mode, length, timeout);
      }
      return result(
          mode,
          shape,
          runs,
          inFlight,
          db,
          stores,
          probes,
          ids,
          elapsed,
          cpu,
          pg,
          unsuccessful.get());
    } finally {
      engines.forEach(DurableEngine::close);
      stores.subList(1, stores.size()).forEach(BenchStore::close);
    }
  }

  /**
   * Submits {@code runs} runs to the engines in turn and waits for their ends; null on time-out.
   */
  private static List<UUID> submitAndWait(
      List<DurableEngine> engines, int runs, CountDownLatch[] finished, Duration timeout) {
    finished[0] = new CountDownLatch(runs);
    List<UUID> ids = new ArrayList<>(runs);
    for (int i = 0; i < runs; i++) {
      ids.add(engines.get(i % engines.size()).submit(WORKFLOW_ID, null, null).runId());
    }
    try {
      return finished[0].await(timeout.toNanos(), TimeUnit.NANOSECONDS) ? ids : null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + NAME, e);
    }
  }

  private static Result timedOut(Mode mode, int length, Duration timeout) {
    String line =
        "%-20s %-8s %-27s TIMED OUT after %d s"
            .formatted(NAME + " chain-" + length, "pg", mode.label, timeout.toSeconds());
    return new Result(
        mode, line, Latencies.of(new long[0]), Latencies.of(new long[0]), line, false);
  }

  private static Result result(
      Mode mode,
      Shape shape,
      int runs,
      int inFlight,
      BenchStore db,
      List<BenchStore> stores,
      List<ProbeExecutor> probes,
      List<UUID> ids,
      long elapsedNanos,
      long cpuNanos,
      Optional<PgCpu.Usage> pg,
      int unsuccessful) {
    DurableScenario.Persisted persisted = DurableScenario.readBack(db, ids, shape, probes);
    long[] cross = new long[ids.size() * shape.size()];
    long[] same = new long[cross.length];
    int crossCount = 0;
    int sameCount = 0;
    for (UUID id : ids) {
      for (int i = 1; i < shape.size(); i++) {
        String prev = shape.nodes().get(i - 1).id();
        String next = shape.nodes().get(i).id();
        int from = ranOn(probes, id, prev);
        int to = ranOn(probes, id, next);
        if (from < 0 || to < 0) {
          continue;
        }
        long hop =
            probes.get(to).timing(id, next).enteredNanos()
                - probes.get(from).timing(id, prev).returnedNanos();
        if (from == to) {
          same[sameCount++] = hop;
        } else {
          cross[crossCount++] = hop;
        }
      }
    }
    Latencies crossHops = Latencies.of(Arrays.copyOf(cross, crossCount));
    Latencies sameHops = Latencies.of(Arrays.copyOf(same, sameCount));
    long nodes = (long) runs * shape.size();
    boolean ok =
        unsuccessful == 0 && !persisted.note().contains(DurableScenario.EXACTLY_ONCE_VIOLATED);
    StringBuilder tx = new StringBuilder();
    for (int i = 0; i < stores.size(); i++) {
      tx.append(i == 0 ? "" : "; ")
          .append("bench-")
          .append(i + 1)
          .append(": ")
          .append(stores.get(i).counted().summary(nodes));
    }
    String line =
        String.format(
            Locale.ROOT,
            "%-20s %-8s %-27s runs %4d (%d at once)  cross-instance hops %5d p50 %7.3f ms p99 %7.3f"
                + " ms  same-instance hops %5d p50 %7.3f ms p99 %7.3f ms  nodes/s %6.0f"
                + "  cpu/node %7.1f us  %s%s%n    # %s; %s%s",
            NAME + " " + shape.name(),
            "pg",
            mode.label,
            runs,
            inFlight,
            crossHops.count(),
            crossHops.p50() / 1e6,
            crossHops.p99() / 1e6,
            sameHops.count(),
            sameHops.p50() / 1e6,
            sameHops.p99() / 1e6,
            nodes / (elapsedNanos / 1e9),
            cpuNanos / 1e3 / nodes,
            pg.map(u -> String.format(Locale.ROOT, "pg cpu/node %7.1f us", u.nanos() / 1e3 / nodes))
                .orElse("pg cpu/node n/a"),
            unsuccessful == 0 ? "" : "  FAILED RUNS " + unsuccessful,
            tx,
            DurableScenario.pgNote(pg, nodes),
            persisted.note());
    Latencies shown = mode.instances > 1 ? crossHops : sameHops;
    String summary =
        String.format(
            Locale.ROOT,
            "%-62s p50 %.3f ms, p99 %.3f ms (%d hops, %d chains at once)",
            "chain hop on PostgreSQL, "
                + (mode.instances > 1 ? "cross-instance, " : "")
                + mode.label,
            shown.p50() / 1e6,
            shown.p99() / 1e6,
            shown.count(),
            inFlight);
    return new Result(mode, line, crossHops, sameHops, summary, ok);
  }

  /** The probe (instance) that ran a node, or -1. */
  private static int ranOn(List<ProbeExecutor> probes, UUID runId, String nodeId) {
    for (int i = 0; i < probes.size(); i++) {
      if (probes.get(i).timing(runId, nodeId) != null) {
        return i;
      }
    }
    return -1;
  }
}
