package dev.dagflow.bench.metrics;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.Callable;

/**
 * The thread CPU time of one {@link ScrapeBenchmark} scrape, median of many, for machines where
 * other load makes wall-clock figures meaningless (CPU time does not count time spent waiting for a
 * core). Same set-up and code paths as the JMH benchmark.
 *
 * <pre>{@code
 * java -cp dagflow-bench/target/dagflow-bench.jar dev.dagflow.bench.metrics.ScrapeCpuTime
 * }</pre>
 */
public final class ScrapeCpuTime {

  private static final int WARM_UP = 300;
  private static final int MEASURED = 300;

  private ScrapeCpuTime() {}

  public static void main(String[] args) throws Exception {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (String accept :
        new String[] {"text/plain; version=0.0.4", "application/openmetrics-text; version=1.0.0"}) {
      ScrapeBenchmark bench = new ScrapeBenchmark();
      bench.accept = accept;
      bench.setUp();
      report(threads, accept, "rawScrape", bench::rawScrape);
      report(threads, accept, "scrape", bench::scrape);
      report(threads, accept, "scrapeGzip", bench::scrapeGzip);
    }
  }

  private static void report(ThreadMXBean threads, String accept, String name, Callable<?> scrape)
      throws Exception {
    for (int i = 0; i < WARM_UP; i++) {
      scrape.call();
    }
    long[] cpu = new long[MEASURED];
    for (int i = 0; i < MEASURED; i++) {
      long start = threads.getCurrentThreadCpuTime();
      scrape.call();
      cpu[i] = threads.getCurrentThreadCpuTime() - start;
    }
    Arrays.sort(cpu);
    System.out.printf(
        "%-11s %-45s cpu median %6.2f ms  p90 %6.2f ms%n",
        name, accept, cpu[MEASURED / 2] / 1e6, cpu[MEASURED * 9 / 10] / 1e6);
  }
}
