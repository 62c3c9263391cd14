package dev.dagflow.bench.engine;

import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
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
    String workflowId = "bench_" + scenario.replaceAll("[^a-z0-9]+", "_");
    CountDownLatch finished = new CountDownLatch(runs);
    AtomicInteger unsuccessful = new AtomicInteger();
    ProbeExecutor probe = new ProbeExecutor();
    WarmUp warmUp = new WarmUp(warmUpPlan.forScenario(shape, runs));
    try (DurableEngine engine =
        settings
            .builder(db.counted())
            .maxQueuedRuns(Math.max(10_000, Math.max(runs, warmUpPlan.runsPerBatch()) + 1))
            .executor(probe)
            .listener(warmUp)
            .listener(
                (event, run, node) -> {
                  if (workflowId.equals(event.workflowId()) && isRunEnd(event)) {
                    if (run.status() != RunStatus.SUCCESS) {
                      unsuccessful.incrementAndGet();
                    }
                    finished.countDown();
                  }
                })
            .build()) {
      engine.register(shape.toYaml(workflowId, ProbeExecutor.TYPE), workflowId + ".yaml");
      warmUp.register(engine);
      engine.start();
      String warmUpNote = warmUp.run(engine, timeout);
      db.analyze();
      probe.clear();
      HeapSampler.settled();
      db.queries().reset();
      db.counted().reset();
      boolean pg = db.kind() == BenchStore.Kind.POSTGRES;
      List<UUID> ids = new ArrayList<>(runs);
      long elapsed;
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
        for (int i = 0; i < runs; i++) {
          ids.add(engine.submit(workflowId, null, null).runId());
        }
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
      String queries = db.counted().summary(nodes) + "; " + db.queries().summary(nodes);
      Optional<PgCpu.Usage> pgUsed =
          pg ? PgCpu.between(pgBefore, pgAfter, db.backendPids()) : Optional.empty();
      Persisted p = readBack(db, ids, shape, probe);
      int failed = unsuccessful.get() + (int) finished.getCount();
      String note =
          queries
              + (pg ? "; " + pgNote(pgUsed, nodes) : "")
              + (pg ? "; seq scans " + (db.sequentialScans() - seqScans) : "")
              + "; "
              + jitNote(jit, cpu)
              + warmUpNote
              + (done ? "" : ", TIMED OUT after " + timeout.toSeconds() + "s")
              + p.note();
      return new Measurement(
          scenario,
          db.kind().label(),
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
    }
  }

  /** True for the events that end a run. */
  static boolean isRunEnd(EventRecord event) {
    return switch (event.type()) {
      case RUN_SUCCEEDED, RUN_FAILED, RUN_CANCELLED -> true;
      case RUN_QUEUED,
          RUN_RETRIED,
          RUN_STARTED,
          NODE_READY,
          NODE_STARTED,
          NODE_RETRYING,
          NODE_WAITING,
          NODE_SUCCEEDED,
          NODE_FAILED,
          NODE_SKIPPED,
          NODE_CANCELLED ->
          false;
    };
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

  private record Persisted(Latencies schedule, Hops hops, String note) {}

  private record RunRows(Optional<RunRecord> run, List<NodeRecord> nodes) {}

  /**
   * Reads every run and node back: the persisted schedule latency from the node timestamps, a
   * sanity check, and the probe's hop (every node with dependencies) and start (every root, from
   * the run's persisted {@code startedAt}) latencies.
   */
  private static Persisted readBack(
      BenchStore db, List<UUID> ids, Shape shape, ProbeExecutor probe) {
    long[] nanos = new long[1024];
    int n = 0;
    int notSucceeded = 0;
    int missingTimestamps = 0;
    int unprobed = 0;
    Hops hops = new Hops();
    for (UUID id : ids) {
      RunRows rows = db.store().read(tx -> new RunRows(tx.findRun(id), tx.findNodes(id)));
      for (NodeRecord node : rows.nodes()) {
        if (node.status() != NodeStatus.SUCCESS) {
          notSucceeded++;
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
        ProbeExecutor.Timing t = probe.timing(id, node.id());
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
          ProbeExecutor.Timing d = probe.timing(id, dep);
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
    String note = "";
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

  private static long epochNanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
