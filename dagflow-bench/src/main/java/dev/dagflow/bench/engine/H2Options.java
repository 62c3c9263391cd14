package dev.dagflow.bench.engine;

import java.time.Duration;

/**
 * How the bench opens an embedded H2 file, to compare settings in the soak: {@code KEY=VALUE;…}
 * appended to its URL, the store's periodic compaction, and the least time between two group commit
 * writes.
 *
 * <pre>{@code
 * BenchStore.open(Kind.H2_FILE, null, 16, H2Options.DEFAULTS.withGroupCommit(Duration.ZERO));
 * }</pre>
 */
public record H2Options(String urlSettings, boolean compaction, Duration groupCommit) {
  /** The store's own defaults. */
  public static final H2Options DEFAULTS = new H2Options("", true, null);

  public H2Options withGroupCommit(Duration spacing) {
    return new H2Options(urlSettings, compaction, spacing);
  }
}
