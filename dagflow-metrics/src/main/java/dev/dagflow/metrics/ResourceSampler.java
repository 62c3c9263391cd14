package dev.dagflow.metrics;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Measures this process's resident memory and CPU use, psutil-style, when metrics are scraped.
 *
 * <ul>
 *   <li>{@link #residentBytes()}: resident set size, from {@code /proc/self/statm} (resident pages
 *       times the page size the kernel reports in {@code /proc/self/auxv}) on Linux; elsewhere the
 *       JVM's committed heap plus non-heap memory.
 *   <li>{@link #cpuPercent()}: process CPU time since the previous call divided by the wall time
 *       elapsed, times 100, so 100 is one core busy (the first call measures since JVM start).
 * </ul>
 *
 * <pre>{@code
 * DagMetrics metrics = DagMetrics.builder()
 *     .registry(registry)
 *     .resourceSampler(ResourceSampler.create())
 *     .build();
 * }</pre>
 */
public final class ResourceSampler {

  private static final Path STATM = Path.of("/proc/self/statm");
  private static final Path AUXV = Path.of("/proc/self/auxv");
  private static final long AT_PAGESZ = 6;
  private static final long DEFAULT_PAGE_SIZE = 4096;

  private final com.sun.management.OperatingSystemMXBean os;
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final long pageSize;
  private long previousCpuNanos;
  private long previousWallNanos;

  private ResourceSampler() {
    this.os =
        ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean sunOs
            ? sunOs
            : null;
    this.pageSize = readPageSize();
    // Until the first sample, measure from JVM start.
    long uptimeNanos = ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
    this.previousWallNanos = System.nanoTime() - uptimeNanos;
    this.previousCpuNanos = 0;
  }

  /** A sampler of the current process. */
  public static ResourceSampler create() {
    return new ResourceSampler();
  }

  /** The page size used to convert {@code statm} pages to bytes. */
  public long pageSize() {
    return pageSize;
  }

  /** Resident set size in bytes. */
  public long residentBytes() {
    if (Files.isReadable(STATM)) {
      try {
        String[] fields = Files.readString(STATM).trim().split("\\s+");
        return Long.parseLong(fields[1]) * pageSize;
      } catch (IOException | RuntimeException unreadable) {
        // Fall through to the JVM's own figure.
      }
    }
    return memory.getHeapMemoryUsage().getCommitted()
        + memory.getNonHeapMemoryUsage().getCommitted();
  }

  /** Process CPU use since the previous call, in percent of one core; 0 when unknown. */
  public synchronized double cpuPercent() {
    if (os == null) {
      return 0;
    }
    long cpuNanos = os.getProcessCpuTime();
    long wallNanos = System.nanoTime();
    if (cpuNanos < 0) {
      return 0;
    }
    long cpuDelta = cpuNanos - previousCpuNanos;
    long wallDelta = wallNanos - previousWallNanos;
    previousCpuNanos = cpuNanos;
    previousWallNanos = wallNanos;
    if (wallDelta <= 0 || cpuDelta < 0) {
      return 0;
    }
    return 100.0 * cpuDelta / wallDelta;
  }

  /**
   * The kernel's page size from the auxiliary vector ({@code AT_PAGESZ}), which needs no
   * subprocess; 4096 when it cannot be read (non-Linux or a 32-bit JVM).
   */
  private static long readPageSize() {
    if (!Files.isReadable(AUXV) || !System.getProperty("os.arch", "").contains("64")) {
      return DEFAULT_PAGE_SIZE;
    }
    try {
      ByteBuffer auxv = ByteBuffer.wrap(Files.readAllBytes(AUXV)).order(ByteOrder.nativeOrder());
      while (auxv.remaining() >= 16) {
        long type = auxv.getLong();
        long value = auxv.getLong();
        if (type == AT_PAGESZ && value > 0) {
          return value;
        }
        if (type == 0) {
          break;
        }
      }
    } catch (IOException unreadable) {
      // Fall back below.
    }
    return DEFAULT_PAGE_SIZE;
  }
}
