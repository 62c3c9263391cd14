package dev.dagflow.bench.engine;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One soak sample: heap used after a full GC, the process's resident memory, the database's bytes
 * and the runs it stores, and bytes per stored run.
 *
 * <pre>{@code
 * Footprint f = new Footprint(db, storedRuns);
 * System.out.println(f.sample(finished));
 * }</pre>
 */
final class Footprint {
  static final String HEADER =
      "%10s %10s %14s %10s %12s %12s"
          .formatted("runs", "stored", "heap-after-gc", "rss", "db-bytes", "bytes/run");

  private final BenchStore db;
  private final LongSupplier storedRuns;

  Footprint(BenchStore db, LongSupplier storedRuns) {
    this.db = db;
    this.storedRuns = storedRuns;
  }

  String sample(long finishedRuns) {
    long heap = heapAfterGc();
    long stored = storedRuns.getAsLong();
    long bytes = db.databaseBytes();
    return "%10d %10d %11.1f MB %7.1f MB %12d %12s  %s"
        .formatted(
            finishedRuns,
            stored,
            heap / 1048576.0,
            rss() / 1048576.0,
            bytes,
            stored > 0 ? Long.toString(bytes / stored) : "-",
            db.h2Info());
  }

  /**
   * The H2 file's size once the store closed (H2 compacts on close for a bounded time) and once
   * fully compacted (its live data), when there is a file.
   */
  static Optional<String> afterClose(BenchStore db, long storedRuns) {
    long bytes = db.closedBytes();
    if (bytes < 0) {
      return Optional.empty();
    }
    return Optional.of(
        "after close: %d bytes, %s bytes/run; fully compacted: %d bytes, %s bytes/run"
            .formatted(
                bytes,
                perRun(bytes, storedRuns),
                db.compactedBytes(),
                perRun(db.compactedBytes(), storedRuns)));
  }

  /**
   * The one-line summary {@code make bench} prints: bytes per stored run (for an H2 file, as the
   * file was at the end, and fully compacted: its live data).
   */
  static String summary(
      BenchStore db, String store, int nodes, long runs, long stored, long bytes) {
    String line =
        "footprint  %-7s  %2d-node runs  %d runs  %d stored  %d bytes  %s bytes/run"
            .formatted(store, nodes, runs, stored, bytes, perRun(bytes, stored));
    if (db.compactedBytes() >= 0) {
      line +=
          "  (%s: %s bytes/run)"
              .formatted(
                  store.startsWith("h2") ? "file compacted" : "after VACUUM FULL",
                  perRun(db.compactedBytes(), stored));
    }
    return line;
  }

  private static String perRun(long bytes, long runs) {
    return runs > 0 && bytes >= 0 ? Long.toString(bytes / runs) : "-";
  }

  private static long heapAfterGc() {
    var memory = ManagementFactory.getMemoryMXBean();
    System.gc();
    System.gc();
    return memory.getHeapMemoryUsage().getUsed();
  }

  /** VmRSS from /proc (Linux); -1 elsewhere. */
  private static long rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
