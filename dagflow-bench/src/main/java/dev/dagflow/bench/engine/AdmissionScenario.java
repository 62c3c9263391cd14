package dev.dagflow.bench.engine;

import dev.dagflow.bench.baseline.InMemoryExecutor;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Admission under load: every active slot is held by a run waiting on an {@code approval} node, so
 * the engine runs but admits nothing; {@code runs} runs are then submitted at once from several
 * threads and queue. Measures submit throughput, the queue depth, and the live heap each queued run
 * adds; then approves the holders and measures how fast the queue drains through {@code
 * maxActiveWorkflows} slots. Before the slots are taken, the warm-up runs go through the same
 * engine and store ({@link WarmUp}); no figure includes them.
 *
 * <pre>{@code
 * AdmissionResult r = AdmissionScenario.run(Shape.chain(1), 10_000, 8, db, settings, timeout,
 *     new WarmUp.Plan(Shape.fanOut(10), 100, Duration.ofSeconds(10)));
 * }</pre>
 */
public final class AdmissionScenario {
  static final String NAME = "admission";
  private static final String HOLD_YAML =
      """
      id: bench_hold
      description: holds one admission slot until approved
      nodes:
        - id: hold
          type: approval
          timeout: 1h
      """;

  private AdmissionScenario() {}

  public static AdmissionResult run(
      Shape shape,
      int runs,
      int submitters,
      BenchStore db,
      EngineSettings settings,
      Duration timeout,
      WarmUp.Plan warmUpPlan)
      throws InterruptedException {
    int slots = settings.maxActiveWorkflows();
    String workflowId = "bench_admission";
    CountDownLatch holding = new CountDownLatch(slots);
    CountDownLatch queued = new CountDownLatch(runs);
    CountDownLatch finished = new CountDownLatch(runs);
    AtomicInteger unsuccessful = new AtomicInteger();
    WarmUp warmUp = new WarmUp(warmUpPlan);
    try (DurableEngine engine =
        settings
            .builder(db.counted())
            .maxQueuedRuns(Math.max(runs, warmUpPlan.runsPerBatch()) + slots + 1)
            .executor(new ProbeExecutor())
            .listener(warmUp)
            .listener(
                (event, run, node) -> {
                  if (event.workflowId().equals("bench_hold")) {
                    if (event.type() == EventType.NODE_STARTED) {
                      holding.countDown();
                    }
                  } else if (!event.workflowId().equals(workflowId)) {
                    return; // the warm-up's runs
                  } else if (event.type() == EventType.RUN_QUEUED) {
                    queued.countDown();
                  } else if (event.type().endsRun()) {
                    if (run.status() != RunStatus.SUCCESS) {
                      unsuccessful.incrementAndGet();
                    }
                    finished.countDown();
                  }
                })
            .build()) {
      engine.register(HOLD_YAML, "bench_hold.yaml");
      engine.register(shape.toYaml(workflowId), workflowId + ".yaml");
      warmUp.register(engine);
      engine.start();
      // before the holders take every slot: the warm-up runs need slots too
      String warmUpNote = warmUp.run(engine, timeout);
      List<UUID> holders = new ArrayList<>(slots);
      for (int i = 0; i < slots; i++) {
        holders.add(engine.submit("bench_hold", null, null).runId());
      }
      if (!holding.await(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        throw new IllegalStateException("the " + slots + " holding runs did not all start");
      }
      db.queries().reset();
      db.counted().reset();
      try (DepthSampler depth =
          DepthSampler.start(
              () -> db.store().read(tx -> tx.countRuns(RunStatus.QUEUED)),
              () -> db.store().read(tx -> tx.countRuns(RunStatus.RUNNING)),
              100)) {
        long before = HeapSampler.settled();
        long submitStart = System.nanoTime();
        Submitters.submit(List.of(engine), workflowId, runs, submitters);
        long submitNanos = System.nanoTime() - submitStart;
        // the listener has seen every run.queued: no event is still buffered for delivery
        queued.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        depth.sample();
        long after = HeapSampler.settled();
        String submitQueries =
            ("submit " + db.counted().summary(runs) + "; " + db.queries().summary(runs))
                .replace("/node", "/run");
        db.queries().reset();
        db.counted().reset();

        long peak;
        long elapsed;
        long cpu;
        boolean done;
        boolean pg = db.kind() == BenchStore.Kind.POSTGRES;
        long jit = JitCpu.nanos();
        Optional<PgCpu.Snapshot> pgBefore = pg ? PgCpu.snapshot() : Optional.empty();
        try (HeapSampler heap = HeapSampler.start()) {
          long start = System.nanoTime();
          cpu = Measurement.processCpuNanos();
          for (UUID id : holders) {
            engine.decide(id, "hold", true, "bench", null);
          }
          done = finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
          elapsed = System.nanoTime() - start;
          cpu = Measurement.processCpuNanos() - cpu;
          peak = heap.peak();
        }
        Optional<PgCpu.Snapshot> pgAfter = pg ? PgCpu.snapshot() : Optional.empty();
        jit = jit < 0 ? -1 : JitCpu.nanos() - jit;
        long nodes = (long) runs * shape.size();
        Optional<PgCpu.Usage> pgUsed =
            pg ? PgCpu.between(pgBefore, pgAfter, db.backendPids()) : Optional.empty();
        depth.sample();
        String note =
            submitQueries
                + "; drain "
                + db.counted().summary((long) runs * shape.size())
                + "; "
                + db.queries().summary((long) runs * shape.size())
                + (pg ? "; drain " + DurableScenario.pgNote(pgUsed, nodes) : "")
                + "; drain "
                + DurableScenario.jitNote(jit, cpu)
                + warmUpNote
                + (done ? "" : ", TIMED OUT after " + timeout.toSeconds() + "s");
        int failed = unsuccessful.get() + (int) finished.getCount();
        Measurement drain =
            new Measurement(
                NAME,
                db.kind().label(),
                runs,
                (long) runs * shape.size(),
                elapsed,
                Latencies.NONE,
                Latencies.NONE,
                Latencies.NONE,
                peak,
                failed,
                cpu,
                pgUsed.map(u -> OptionalLong.of(u.nanos())).orElse(OptionalLong.empty()),
                note);
        return new AdmissionResult(
            db.kind().label(),
            runs,
            submitNanos,
            (after - before) / (double) runs,
            depth.peakQueued(),
            depth.peakRunning(),
            drain);
      }
    }
  }

  /** The baseline: the same runs queued behind a paused {@link InMemoryExecutor}. */
  public static AdmissionResult baseline(Shape shape, int runs, int slots) {
    InMemoryExecutor executor = new InMemoryExecutor(slots);
    InMemoryExecutor.Graph graph = InMemoryExecutor.graph(shape.dependencies());
    executor.pauseAdmission();
    long before = HeapSampler.settled();
    List<CompletableFuture<InMemoryExecutor.RunTimings>> futures = new ArrayList<>(runs);
    long start = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      futures.add(executor.submit(graph));
    }
    long submitNanos = System.nanoTime() - start;
    while (executor.queuedRuns() < runs) {
      Thread.onSpinWait();
    }
    long depth = executor.queuedRuns();
    long after = HeapSampler.settled();
    long peak;
    long elapsed;
    long cpu;
    try (HeapSampler heap = HeapSampler.start()) {
      long drainStart = System.nanoTime();
      cpu = Measurement.processCpuNanos();
      executor.resumeAdmission();
      CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
      elapsed = System.nanoTime() - drainStart;
      cpu = Measurement.processCpuNanos() - cpu;
      peak = heap.peak();
    }
    Measurement drain =
        new Measurement(
            NAME,
            BaselineScenario.STORE,
            runs,
            (long) runs * shape.size(),
            elapsed,
            Latencies.NONE,
            Latencies.NONE,
            Latencies.NONE,
            peak,
            0,
            cpu,
            OptionalLong.empty(),
            "");
    return new AdmissionResult(
        BaselineScenario.STORE,
        runs,
        submitNanos,
        (after - before) / (double) runs,
        depth,
        slots,
        drain);
  }
}
