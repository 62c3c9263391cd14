package dev.dagflow.bench.engine;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.engine.runtime.DurableEngineBuilder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one graph {@code runs} times on the durable engine over one store: registers the graph's
 * YAML (of {@link ProbeExecutor} nodes), first runs the warm-up runs through the same engine and
 * store, then submits every measured run at once and waits for their terminal events. Afterwards it
 * reads each node's persisted {@code readyAt} and {@code startedAt} (the persisted schedule
 * latency) and each run's {@code startedAt}, and takes the in-process hop and start latencies from
 * the probe.
 *
 * <pre>{@code
 * Measurement m = DurableScenario.run("fan-out", Shape.fanOut(10), 200, db, settings, timeout,
 *     new WarmUp.Plan(Shape.fanOut(10), 100, Duration.ofSeconds(10)));
 * }</pre>
 */
public final class DurableScenario {
  private DurableScenario() {}

  public static Measurement run(
      String scenario,
      Shape shape,
      int runs,
      BenchStore db,
      EngineSettings settings,
      Duration timeout,
      WarmUp.Plan warmUpPlan) {
    return run(scenario, shape, runs, db, 1, false, settings, timeout, warmUpPlan);
  }

  /**
   * As above on {@code instances} engines sharing {@code db}'s PostgreSQL schema, each with its own
   * store and pool ({@link BenchStore#peer}), as that many servers would: runs are submitted to
   * them in turn, every engine admits, claims and executes, and they wake each other with {@code
   * LISTEN/NOTIFY} ({@code wakeups}; polling only without). The line's store reads {@code pg x2};
   * its note says how the nodes were shared and whether every node ran exactly once ({@link
   * #EXACTLY_ONCE_VIOLATED} otherwise).
   */
  public static Measurement run(
      String scenario,
      Shape shape,
      int runs,
      BenchStore db,
      int instances,
      boolean wakeups,
      EngineSettings settings,
      Duration timeout,
      WarmUp.Plan warmUpPlan) {
    if (instances > 1 && db.kind() != BenchStore.Kind.POSTGRES) {
      throw new IllegalArgumentException("several instances share a PostgreSQL schema only");
    }
    String workflowId = "bench_" + scenario.replaceAll("[^a-z0-9]+", "_");
    CountDownLatch finished = new CountDownLatch(runs);
    AtomicInteger unsuccessful = new AtomicInteger();
    // each engine hears the run ends it committed; the set counts a run once whoever ended it
    Set<UUID> ended = ConcurrentHashMap.newKeySet();
    WarmUp warmUp = new WarmUp(warmUpPlan.forScenario(shape, runs));
    List<BenchStore> stores = new ArrayList<>(List.of(db));
    List<ProbeExecutor> probes = new ArrayList<>();
    List<DurableEngine> engines = new ArrayList<>();
    try {
      for (int i = 1; i < instances; i++) {
        stores.add(db.peer(settings.poolSize()));
      }
      for (int i = 0; i < instances; i++) {
        ProbeExecutor probe = new ProbeExecutor();
        probes.add(probe);
        DurableEngineBuilder builder =
            settings
                .builder(stores.get(i).counted().wakeups(instances > 1 && wakeups))
                .maxQueuedRuns(Math.max(10_000, Math.max(runs, warmUpPlan.runsPerBatch()) + 1))
                .executor(probe)
                .listener(warmUp)
                .listener(
                    (event, run, node) -> {
                      if (workflowId.equals(event.workflowId())
                          && event.type().endsRun()
                          && ended.add(event.runId())) {
                        if (run.status() != RunStatus.SUCCESS) {
                          unsuccessful.incrementAndGet();
                        }
                        finished.countDown();
                      }
                    });
        if (instances > 1) {
          builder.instanceId("bench-" + (i + 1));
        }
        engines.add(builder.build());
      }
      DurableEngine engine = engines.getFirst();
      engine.register(shape.toYaml(workflowId, ProbeExecutor.TYPE), workflowId + ".yaml");
      warmUp.register(engine);
      engines.forEach(DurableEngine::start);
      String warmUpNote = warmUp.run(engine, timeout);
      db.analyze();
      probes.forEach(ProbeExecutor::clear);
      HeapSampler.settled();
      for (BenchStore s : stores) {
        s.queries().reset();
        s.counted().reset();
      }
      boolean pg = db.kind() == BenchStore.Kind.POSTGRES;
      List<UUID> ids = new ArrayList<>(runs);
      long elapsed;
      long submitNanos;
      long peak;
      long cpu;
      long jit = JitCpu.nanos();
      boolean done;
      Optional<PgCpu.Snapshot> pgBefore = pg ? PgCpu.snapshot() : Optional.empty();
      long seqScans = db.sequentialScans();
      Optional<PgCpu.Snapshot> pgAfter;
      try (HeapSampler heap = HeapSampler.start()) {
        long start = System.nanoTime();
        cpu = Measurement.processCpuNanos();
        ids.addAll(Submitters.submit(engines, workflowId, runs, settings.submitters()));
        submitNanos = System.nanoTime() - start;
        done = finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        elapsed = System.nanoTime() - start;
        cpu = Measurement.processCpuNanos() - cpu;
        peak = heap.peak();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + scenario, e);
      } finally {
        pgAfter = pg ? PgCpu.snapshot() : Optional.empty();
        jit = jit < 0 ? -1 : JitCpu.nanos() - jit;
      }
      long nodes = (long) runs * shape.size();
      StringBuilder queries = new StringBuilder();
      for (int i = 0; i < instances; i++) {
        BenchStore s = stores.get(i);
        queries
            .append(instances > 1 ? (i == 0 ? "" : "; ") + "bench-" + (i + 1) + ": " : "")
            .append(s.counted().summary(nodes))
            .append("; ")
            .append(s.queries().summary(nodes));
      }
      Optional<PgCpu.Usage> pgUsed =
          pg ? PgCpu.between(pgBefore, pgAfter, db.backendPids()) : Optional.empty();
      Persisted p = readBack(db, ids, shape, probes);
      int failed = unsuccessful.get() + (int) finished.getCount();
      String note =
          queries
              + (pg ? "; " + pgNote(pgUsed, nodes) : "")
              + (pg ? "; seq scans " + (db.sequentialScans() - seqScans) : "")
              // when the submits take most of the window, the figure is theirs, not the engine's
              + String.format(
                  Locale.ROOT,
                  "; submits (%d threads) took %.2f of the %.2f s",
                  settings.submitters(),
                  submitNanos / 1e9,
                  elapsed / 1e9)
              + "; "
              + jitNote(jit, cpu)
              + warmUpNote
              + (done ? "" : ", TIMED OUT after " + timeout.toSeconds() + "s")
              + p.note();
      return new Measurement(
          scenario,
          db.kind().label() + (instances > 1 ? " x" + instances + (wakeups ? "" : " poll") : ""),
          runs,
          nodes,
          elapsed,
          p.schedule(),
          p.hops().hops(),
          p.hops().starts(),
          peak,
          failed,
          cpu,
          pgUsed.map(u -> OptionalLong.of(u.nanos())).orElse(OptionalLong.empty()),
          note);
    } finally {
      engines.forEach(DurableEngine::close);
      stores.subList(1, stores.size()).forEach(BenchStore::close);
    }
  }

  /**
   * {@code "jit cpu 35 ms (3% of this JVM's), "}: what the JIT compiler threads used in the timed
   * window, of this JVM's {@code cpuNanos} (small once warmed up).
   */
  static String jitNote(long jitNanos, long cpuNanos) {
    return jitNanos < 0
        ? ""
        : String.format(
            Locale.ROOT,
            "jit cpu %d ms (%.0f%% of this JVM's), ",
            jitNanos / 1_000_000,
            100.0 * jitNanos / Math.max(1, cpuNanos));
  }

  /** The details line's PostgreSQL CPU: every postgres process, and this JVM's backends. */
  static String pgNote(Optional<PgCpu.Usage> used, long nodes) {
    if (used.isEmpty()) {
      return "pg cpu n/a (/proc not readable, or no postgres process on this host)";
    }
    PgCpu.Usage u = used.get();
    double per = Math.max(1, nodes);
    String note =
        String.format(
            Locale.ROOT,
            "pg cpu/node %.1f us over %d postgres processes",
            u.nanos() / 1e3 / per,
            u.processes());
    if (u.ownNanos() >= 0) {
      note +=
          String.format(
              Locale.ROOT,
              " (this JVM's %d backends %.1f us, the rest: other clients and background writers)",
              u.ownProcesses(),
              u.ownNanos() / 1e3 / per);
    }
    return note;
  }

  record Persisted(Latencies schedule, Hops hops, String note) {}

  private record RunRows(Optional<RunRecord> run, List<NodeRecord> nodes) {}

  /** In a note when a node ran more or less than once, or on two instances. */
  static final String EXACTLY_ONCE_VIOLATED = "EXACTLY-ONCE VIOLATED";

  /**
   * Reads every run and node back: the persisted schedule latency from the node timestamps, a
   * sanity check (every node succeeded at its first attempt and ran on exactly one instance, once),
   * and the probes' hop (every node with dependencies) and start (every root, from the run's
   * persisted {@code startedAt}) latencies. With several probes (instances), how many nodes each
   * ran.
   */
  static Persisted readBack(
      BenchStore db, List<UUID> ids, Shape shape, List<ProbeExecutor> probes) {
    long[] nanos = new long[1024];
    int n = 0;
    int notSucceeded = 0;
    int notFirstAttempt = 0;
    int missingTimestamps = 0;
    int unprobed = 0;
    int onSeveral = 0;
    long[] ranOn = new long[probes.size()];
    Hops hops = new Hops();
    for (UUID id : ids) {
      RunRows rows = db.store().read(tx -> new RunRows(tx.findRun(id), tx.findNodes(id)));
      for (NodeRecord node : rows.nodes()) {
        if (node.status() != NodeStatus.SUCCESS) {
          notSucceeded++;
        }
        if (node.attempts() != 1) {
          notFirstAttempt++;
        }
        if (node.readyAt() == null || node.startedAt() == null) {
          missingTimestamps++;
          continue;
        }
        if (n == nanos.length) {
          nanos = Arrays.copyOf(nanos, n * 2);
        }
        nanos[n++] = Duration.between(node.readyAt(), node.startedAt()).toNanos();
      }
      Instant runStarted = rows.run().map(RunRecord::startedAt).orElse(null);
      for (Shape.Node node : shape.nodes()) {
        ProbeExecutor.Timing t = null;
        int seen = 0;
        for (int i = 0; i < probes.size(); i++) {
          ProbeExecutor.Timing ti = probes.get(i).timing(id, node.id());
          if (ti != null) {
            t = ti;
            seen++;
            ranOn[i]++;
          }
        }
        if (seen > 1) {
          onSeveral++;
        }
        if (t == null) {
          unprobed++;
          continue;
        }
        if (node.dependsOn().isEmpty()) {
          if (runStarted != null) {
            hops.start(t.enteredEpochNanos() - epochNanos(runStarted));
          }
          continue;
        }
        long last = Long.MIN_VALUE;
        for (String dep : node.dependsOn()) {
          ProbeExecutor.Timing d = timing(probes, id, dep);
          if (d == null) {
            last = Long.MIN_VALUE;
            break;
          }
          last = Math.max(last, d.returnedNanos());
        }
        if (last != Long.MIN_VALUE) {
          hops.hop(t.enteredNanos() - last);
        }
      }
    }
    long executions = probes.stream().mapToLong(ProbeExecutor::executions).sum();
    long repeats = probes.stream().mapToLong(ProbeExecutor::repeats).sum();
    long expected = (long) ids.size() * shape.size();
    String note = "";
    if (probes.size() > 1) {
      note +=
          ", nodes run by "
              + String.join(
                  "/",
                  java.util.stream.IntStream.range(0, probes.size())
                      .mapToObj(i -> "bench-" + (i + 1))
                      .toList())
              + " "
              + String.join("/", Arrays.stream(ranOn).mapToObj(Long::toString).toList());
    }
    if (executions != expected || repeats > 0 || onSeveral > 0 || notFirstAttempt > 0) {
      note +=
          ", %s: %d executions for %d nodes, %d repeated, %d on several instances, %d not at attempt 1"
              .formatted(
                  EXACTLY_ONCE_VIOLATED, executions, expected, repeats, onSeveral, notFirstAttempt);
    } else if (probes.size() > 1) {
      note += ", each node ran exactly once (%d executions, attempt 1)".formatted(executions);
    }
    if (notSucceeded > 0) {
      note += ", " + notSucceeded + " nodes not succeeded";
    }
    if (missingTimestamps > 0) {
      note += ", " + missingTimestamps + " nodes without readyAt/startedAt";
    }
    if (unprobed > 0) {
      note += ", " + unprobed + " nodes never reached the probe";
    }
    return new Persisted(Latencies.of(Arrays.copyOf(nanos, n)), hops, note);
  }

  /** The attempt of a node on whichever probe ran it, or null. */
  static ProbeExecutor.Timing timing(List<ProbeExecutor> probes, UUID runId, String nodeId) {
    for (ProbeExecutor p : probes) {
      ProbeExecutor.Timing t = p.timing(runId, nodeId);
      if (t != null) {
        return t;
      }
    }
    return null;
  }

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
