package dev.dagflow.bench.engine;

import dev.dagflow.engine.definition.Retention;
import dev.dagflow.engine.error.LimitExceededException;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.runtime.DurableEngine;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The soak ({@code make bench-soak}): many small runs through one engine and store, reporting heap
 * after a full GC, resident memory, database size and stored runs every {@code --every} runs, so a
 * footprint that grows with the number of runs shows as a rising column.
 *
 * <pre>{@code
 * bin/dagflow-soak --store h2-file --runs 500000 --every 50000 --retention 0
 * bin/dagflow-soak --store pg --runs 500000 --retention 30s
 * }</pre>
 */
@Command(
    name = "dagflow-soak",
    mixinStandardHelpOptions = true,
    description = "Soak: heap, RSS and database size while many runs pass through one engine.")
public final class SoakBench implements Callable<Integer> {

  @Option(names = "--store", description = "h2-file or pg (default: ${DEFAULT-VALUE}).")
  String store = "h2-file";

  @Option(names = "--runs", description = "Runs to finish (default: ${DEFAULT-VALUE}).")
  long runs = 500_000;

  @Option(names = "--every", description = "Report every N runs (default: ${DEFAULT-VALUE}).")
  long every = 50_000;

  @Option(names = "--nodes", description = "No-op nodes per run, in a line (default: 2).")
  int nodes = 2;

  @Option(
      names = "--retention",
      description = "The engine's retention, e.g. 30s; 0 keeps every run (default: 0).")
  String retention = "0";

  @Option(
      names = "--in-flight",
      description = "Runs submitted but not finished (default: ${DEFAULT-VALUE}).")
  int inFlight = 400;

  @Option(
      names = "--rate",
      description =
          "Runs submitted per second at most, as a steadier server sees them (default: 0, as fast"
              + " as the engine finishes them).")
  double rate = 0;

  @Option(
      names = "--h2-settings",
      description = "KEY=VALUE;… appended to the H2 file's URL, to compare H2 settings.")
  String h2Settings = "";

  @Option(
      names = "--no-h2-compaction",
      description = "Turn the store's periodic H2 file compaction off (to compare).")
  boolean noH2Compaction;

  @Option(
      names = "--h2-group-commit",
      description =
          "Least milliseconds between two writes of the H2 file's commits (default: the store's).")
  long h2GroupCommitMillis = -1;

  @Option(names = "--database-url", description = "PostgreSQL for --store pg.")
  String databaseUrl = BenchStore.defaultPostgresUrl();

  public static void main(String[] args) {
    EngineBench.quietLogs();
    System.exit(new CommandLine(new SoakBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    BenchStore.Kind kind = BenchStore.Kind.fromLabel(store);
    long stored;
    long bytesAtEnd;
    BenchStore closed;
    H2Options h2 =
        new H2Options(
            h2Settings,
            !noH2Compaction,
            h2GroupCommitMillis < 0 ? null : Duration.ofMillis(h2GroupCommitMillis));
    try (BenchStore db = BenchStore.open(kind, databaseUrl, 16, h2)) {
      closed = db;
      Footprint footprint = new Footprint(db, () -> db.store().read(s -> s.countRuns(null)));
      AtomicLong finished = new AtomicLong();
      AtomicLong unsuccessful = new AtomicLong();
      Semaphore slots = new Semaphore(inFlight);
      DurableEngine engine =
          DurableEngine.builder()
              .store(db.store())
              .retention(Retention.parse(retention))
              .purgeInterval(Duration.ofSeconds(5))
              .maxActiveWorkflows(200)
              .listener(
                  (event, run, node) -> {
                    // every end counts: a run that failed (e.g. its lease expired while the
                    // process was stopped) must not keep the soak waiting for it forever
                    if (event.nodeId() == null && event.type().endsRun()) {
                      if (event.type() != EventType.RUN_SUCCEEDED) {
                        unsuccessful.incrementAndGet();
                      }
                      finished.incrementAndGet();
                      slots.release();
                    }
                  })
              .build();
      engine.start();
      String id = "soak_" + nodes;
      engine.register(Shape.chain(nodes).toYaml(id), id + ".yaml");
      System.out.printf(
          "soak  %s  store %s %s compaction %s  group commit %s  %d-node runs  retention %s  rate %s"
              + "  max heap %d MB%n",
          Instant.now().toString().substring(0, 19) + "Z",
          kind.label(),
          h2Settings,
          noH2Compaction ? "off" : "on",
          h2GroupCommitMillis < 0 ? "default" : h2GroupCommitMillis + " ms",
          nodes,
          retention,
          rate > 0 ? rate + " runs/s" : "unlimited",
          Runtime.getRuntime().maxMemory() >> 20);
      System.out.println(Footprint.HEADER);
      System.out.println(footprint.sample(0));
      long start = System.nanoTime();
      AtomicLong submitted = new AtomicLong();
      long nextReport = every;
      var params = JsonNodeFactory.instance.objectNode();
      // submits come from many threads, as a server's HTTP clients do: the store groups them
      try (var submitters = Executors.newVirtualThreadPerTaskExecutor()) {
        while (finished.get() < runs) {
          long due = rate > 0 ? start + (long) (submitted.get() * 1e9 / rate) : 0;
          if (rate > 0 && submitted.get() < runs && System.nanoTime() < due) {
            Thread.sleep(Math.min(100, Math.max(1, (due - System.nanoTime()) / 1_000_000)));
          } else if (submitted.get() < runs && slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            submitted.incrementAndGet();
            submitters.execute(
                () -> {
                  try {
                    engine.submit(id, params, null);
                  } catch (LimitExceededException e) {
                    submitted.decrementAndGet(); // the queue is full: submit it again later
                    slots.release();
                  }
                });
          }
          if (submitted.get() >= runs) {
            Thread.sleep(10); // everything is submitted: wait for the ends without spinning
          }
          if (finished.get() >= nextReport) {
            System.out.println(footprint.sample(finished.get()));
            nextReport += every;
          }
        }
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      engine.shutdown(Duration.ofSeconds(10));
      System.out.printf(
          "%d runs in %.0f s (%.0f runs/s), %d not successful%n",
          runs, seconds, runs / seconds, unsuccessful.get());
      System.out.println(footprint.sample(finished.get()));
      stored = db.store().read(s -> s.countRuns(null));
      bytesAtEnd = db.databaseBytes();
      long perRun = Math.max(1, stored);
      var asLeft = db.tableBytes();
      db.compactPostgres(); // PostgreSQL: the live rows alone, as VACUUM FULL packs them
      var compacted = db.tableBytes();
      if (!asLeft.isEmpty()) {
        System.out.printf(
            "  %-34s %10s %9s   %s%n", "relation", "bytes", "per run", "after VACUUM FULL");
      }
      asLeft.forEach(
          (relation, bytes) -> {
            long after = compacted.getOrDefault(relation, 0L);
            System.out.printf(
                "  %-34s %10d %9d   %10d %6d bytes/run%n",
                relation, bytes, bytes / perRun, after, after / perRun);
          });
    }
    Footprint.afterClose(closed, stored).ifPresent(System.out::println);
    System.out.println(Footprint.summary(closed, store, nodes, runs, stored, bytesAtEnd));
    return 0;
  }
}
