package dev.dagflow.bench.engine;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Warm-up runs through the engine and store under test, before a scenario's timed window: the JIT
 * compiles the engine's, the store's and the JDBC driver's code paths for that store, the pool's
 * connections are open and the server has prepared its statements. Runs go in batches of {@code
 * runsPerBatch}, submitted at once; batches repeat until the JIT compiler threads used less than
 * {@link #SETTLED_JIT_SHARE} of this JVM's CPU during {@link #SETTLED_BATCHES} in a row ({@link
 * JitCpu}), or the plan's {@code budget} has passed (at least one batch). The runs use their own
 * workflow ({@value #WORKFLOW_ID}, {@code probe} nodes), so the scenario's listener ignores their
 * events; the scenario resets its counters and probe timings after them, so no figure includes
 * them.
 *
 * <pre>{@code
 * WarmUp warmUp = new WarmUp(new WarmUp.Plan(Shape.fanOut(10), 100, Duration.ofSeconds(10)));
 * DurableEngine engine = settings.builder(store).executor(probe).listener(warmUp).build();
 * warmUp.register(engine);
 * engine.start();
 * String note = warmUp.run(engine, timeout);
 * }</pre>
 */
final class WarmUp implements EventListener {
  static final String WORKFLOW_ID = "bench_warmup";

  /** Batches whose JIT compiler threads used less than this share of the JVM's CPU end it... */
  static final double SETTLED_JIT_SHARE = 0.10;

  /** ...when this many come in a row (one short batch can dip below by chance). */
  static final int SETTLED_BATCHES = 3;

  /** What to warm up with: batches of {@code runsPerBatch} runs of {@code shape}. */
  record Plan(Shape shape, int runsPerBatch, Duration budget) {
    /**
     * The plan for a scenario of {@code runs} runs of {@code scenario}: a single wide run takes
     * other code paths than many small ones (large batches), so it warms up with itself, one run
     * per batch.
     */
    Plan forScenario(Shape scenario, int runs) {
      return runs == 1 && runsPerBatch > 0 ? new Plan(scenario, 1, budget) : this;
    }
  }

  private final Shape shape;
  private final int runs;
  private final Duration budget;
  private volatile CountDownLatch finished = new CountDownLatch(0);
  private final AtomicInteger unsuccessful = new AtomicInteger();

  WarmUp(Plan plan) {
    this.shape = plan.shape();
    this.runs = Math.max(0, plan.runsPerBatch());
    this.budget = plan.budget();
  }

  /** Registers the warm-up workflow (needs the {@link ProbeExecutor} on the engine). */
  void register(DurableEngine engine) {
    if (runs > 0) {
      engine.register(shape.toYaml(WORKFLOW_ID, ProbeExecutor.TYPE), WORKFLOW_ID + ".yaml");
    }
  }

  /** Runs the warm-up batches and waits for them; a note for the details line. */
  String run(DurableEngine engine, Duration timeout) {
    if (runs == 0) {
      return "no warm-up";
    }
    long start = System.nanoTime();
    double first = -1;
    double last = -1;
    int batches = 0;
    int settled = 0;
    boolean done = true;
    while (true) {
      long cpu = Measurement.processCpuNanos();
      long jit = JitCpu.nanos();
      finished = new CountDownLatch(runs);
      for (int i = 0; i < runs; i++) {
        engine.submit(WORKFLOW_ID, null, null);
      }
      try {
        done = finished.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while warming up", e);
      }
      batches++;
      cpu = Measurement.processCpuNanos() - cpu;
      double share = jit < 0 ? 0 : (JitCpu.nanos() - jit) / (double) Math.max(1, cpu);
      first = first < 0 ? share : first;
      last = share;
      settled = share < SETTLED_JIT_SHARE ? settled + 1 : 0;
      if (!done
          || settled >= SETTLED_BATCHES
          || System.nanoTime() - start >= budget.toNanos()
          || unsuccessful.get() > 0) {
        break;
      }
    }
    String note =
        String.format(
            Locale.ROOT,
            "warm-up %d x %d runs of %s on this engine and store in %.1f s, the JIT's share of the"
                + " JVM's cpu %.0f%% in the first batch, %.0f%% in the last (not counted)",
            batches,
            runs,
            shape.name(),
            (System.nanoTime() - start) / 1e9,
            first * 100,
            last * 100);
    int failed = unsuccessful.get() + (int) finished.getCount();
    if (failed > 0) {
      note += ", " + failed + " warm-up runs did not succeed" + (done ? "" : " in time");
    }
    return note;
  }

  @Override
  public void onEvent(EventRecord event, RunRecord run, NodeRecord node) {
    if (WORKFLOW_ID.equals(event.workflowId()) && event.type().endsRun()) {
      if (run.status() != RunStatus.SUCCESS) {
        unsuccessful.incrementAndGet();
      }
      finished.countDown();
    }
  }
}
