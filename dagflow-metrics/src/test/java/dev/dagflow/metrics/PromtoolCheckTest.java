package dev.dagflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code promtool check metrics} on real output; fails under {@code CI=true} without promtool. */
class PromtoolCheckTest {

  @Test
  void promtoolAcceptsTheFullExposition() throws Exception {
    Path promtool = findPromtool();
    PrometheusRegistry registry = new PrometheusRegistry();
    DagMetrics metrics =
        DagMetrics.builder()
            .registry(registry)
            .resourceSampler(ResourceSampler.create())
            .registerJvmMetrics()
            .build();
    MetricsCollector collector = new MetricsCollector(metrics);
    collector.registerWorkflow("sdlc", List.of(new NodeLabels("phase", "design")));
    collector.recordWorkflowComplete("sdlc", "success", 3, "run-1");
    collector.recordNodeComplete("phase", "design", "failure", 0.4, 1, "run-1");
    collector.recordApiRequest("POST", "/workflows/{workflow_id}/runs", 202, 0.01);
    collector.recordQualityScore("design", 0.9);
    collector.recordArtifact("doc", 10);
    collector.recordContractValidation("input", true, 0.001);
    collector.recordDatabaseQuery("insert", 0.003);
    collector.recordContextStoreOperation("save", true);
    collector.updateHealthStatus("database", true);
    byte[] body = MetricsExposition.create(registry).write(null, null).body();

    Process process =
        new ProcessBuilder(promtool.toString(), "check", "metrics")
            .redirectErrorStream(true)
            .start();
    try (OutputStream in = process.getOutputStream()) {
      in.write(body);
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    assertThat(output).isEmpty();
    assertThat(process.exitValue()).isZero();
  }

  private static Path findPromtool() throws IOException {
    Optional<Path> found =
        Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> List.of(path.split(":")).stream())
            .map(dir -> Path.of(dir, "promtool"))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty() && "true".equals(System.getenv("CI"))) {
      fail("promtool is required under CI=true (Debian package prometheus)");
    }
    Assumptions.assumeTrue(found.isPresent(), "promtool not installed");
    return found.get();
  }
}
