package dev.dagflow.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class MetricsExpositionTest {

  private final MetricsFixture fixture = new MetricsFixture();

  @Test
  void writesPrometheusTextWhenNoAcceptHeaderIsGiven() {
    Exposition out = fixture.exposition.write(null, null);

    assertThat(out.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    assertThat(out.contentEncoding()).isEmpty();
    assertThat(new String(out.body(), StandardCharsets.UTF_8))
        .contains("# TYPE dag_active_workflows gauge\n");
  }

  @Test
  void openMetricsEndsWithEofAndCarriesTheRunIdExemplar() {
    fixture.collector.recordWorkflowComplete("sdlc", "success", 2.5, "run-42");
    fixture.collector.recordNodeComplete("phase", "design", "success", 0.3, 0, "run-43");

    Exposition out = fixture.exposition.write(MetricsFixture.OPENMETRICS, null);
    String body = new String(out.body(), StandardCharsets.UTF_8);

    assertThat(out.contentType())
        .isEqualTo("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(body).endsWith("# EOF\n");
    assertThat(body)
        .containsPattern(
            "dag_workflow_execution_duration_seconds_bucket\\{workflow_name=\"sdlc\",le=\"5.0\"\\}"
                + " 1 # \\{run_id=\"run-42\"\\} 2.5 \\d+\\.\\d+\n")
        .containsPattern(
            "dag_node_execution_duration_seconds_bucket\\{node_type=\"phase\","
                + "phase_name=\"design\",le=\"0.5\"\\} 1 # \\{run_id=\"run-43\"\\} 0.3 ");
  }

  @Test
  void prometheusTextLeavesExemplarsOut() {
    fixture.collector.recordWorkflowComplete("sdlc", "success", 2.5, "run-42");

    assertThat(fixture.text()).doesNotContain("run-42");
  }

  @Test
  void writesProtobufWhenTheScraperPrefersIt() {
    Exposition out =
        fixture.exposition.write(
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;"
                + "encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3",
            null);

    assertThat(out.contentType())
        .isEqualTo(
            "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily;"
                + " encoding=delimited");
    assertThat(new String(out.body(), StandardCharsets.ISO_8859_1))
        .contains("dag_active_workflows");
  }

  @Test
  void gzipRoundTripsToTheUncompressedBody() throws IOException {
    fixture.collector.recordArtifact("source_code", 2048);

    Exposition zipped = fixture.exposition.write(MetricsFixture.TEXT, "deflate, gzip;q=0.8");
    String unzipped;
    try (var in = new GZIPInputStream(new ByteArrayInputStream(zipped.body()))) {
      unzipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    assertThat(zipped.contentEncoding()).contains("gzip");
    assertThat(unzipped).isEqualTo(fixture.text());
  }

  @Test
  void gzipRefusedWithQualityZeroIsNotUsed() {
    assertThat(MetricsExposition.acceptsGzip("gzip;q=0, identity")).isFalse();
    assertThat(MetricsExposition.acceptsGzip("br")).isFalse();
    assertThat(MetricsExposition.acceptsGzip(null)).isFalse();
    assertThat(MetricsExposition.acceptsGzip("*")).isTrue();
  }

  @Test
  void escapesQuotesBackslashesAndNewlinesInLabelValues() {
    fixture.collector.updateHealthStatus("say \"hi\"\\path\nnext", true);

    String expected = "dag_health_check_status{check_type=\"say \\\"hi\\\"\\\\path\\nnext\"}";
    assertThat(fixture.text()).contains(expected + " 1.0\n");
    assertThat(fixture.openMetrics()).contains(expected + " 1.0\n");
  }
}
