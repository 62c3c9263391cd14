package dev.dagflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Percentage.withPercentage;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class ResourceSamplerTest {

  private final ResourceSampler sampler = ResourceSampler.create();

  @Test
  void residentBytesMatchesTheKernelsVmRss() throws Exception {
    Path status = Path.of("/proc/self/status");
    Assumptions.assumeTrue(Files.isReadable(status), "Linux only");
    Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(Files.readString(status));
    assertThat(rss.find()).isTrue();
    long kernelBytes = Long.parseLong(rss.group(1)) * 1024;

    // Both are read moments apart, while other tests allocate: compare loosely.
    assertThat((double) sampler.residentBytes()).isCloseTo(kernelBytes, withPercentage(25));
  }

  @Test
  void pageSizeMatchesGetconf() throws Exception {
    Process getconf;
    try {
      getconf = new ProcessBuilder("getconf", "PAGESIZE").start();
    } catch (java.io.IOException missing) {
      Assumptions.assumeTrue(false, "getconf not installed");
      return;
    }
    String pageSize = new String(getconf.getInputStream().readAllBytes()).trim();
    assertThat(getconf.waitFor()).isZero();

    assertThat(sampler.pageSize()).isEqualTo(Long.parseLong(pageSize));
  }

  @Test
  void cpuPercentMeasuresBusyWorkSinceThePreviousSample() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long wallStart = System.nanoTime();
    sampler.cpuPercent();
    // Spin for 50 ms of this thread's CPU time, however long a loaded machine makes that take.
    long cpuEnd = threads.getCurrentThreadCpuTime() + 50_000_000L;
    while (threads.getCurrentThreadCpuTime() < cpuEnd) {
      Thread.onSpinWait();
    }
    double percent = sampler.cpuPercent();
    long wall = System.nanoTime() - wallStart;

    // The process used at least this thread's 50 ms within (less than) the wall time measured.
    assertThat(percent).isGreaterThanOrEqualTo(0.9 * 100.0 * 50_000_000L / wall);
  }

  @Test
  void attachedSamplerFillsTheResourceGaugesAtScrapeTime() {
    PrometheusRegistry registry = new PrometheusRegistry();
    DagMetrics.builder().registry(registry).resourceSampler(sampler).build();

    String text =
        new String(
            MetricsExposition.create(registry).write(null, null).body(), StandardCharsets.UTF_8);

    assertThat(text).containsPattern("\ndag_memory_usage_bytes [1-9]");
    assertThat(text).containsPattern("\ndag_cpu_usage_percent \\d");
  }
}
