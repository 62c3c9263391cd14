package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The shipped Prometheus files pass promtool's own checks and the alert unit tests. */
class PromtoolChecksTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private final Path prometheusDir = DeployFiles.path("deploy/prometheus");

  @Test
  void prometheusConfigIsValid() {
    Promtool.Result result =
        Promtool.run(prometheusDir, TIMEOUT, "check", "config", "prometheus.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void alertRulesAreValid() {
    Promtool.Result result = Promtool.run(prometheusDir, TIMEOUT, "check", "rules", "alerts.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }

  @Test
  void alertUnitTestsPass() {
    Promtool.Result result =
        Promtool.run(prometheusDir, TIMEOUT, "test", "rules", "alerts_test.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("SUCCESS");
  }

  @Test
  void alertmanagerConfigIsValid() {
    // amtool comes with the Debian package prometheus-alertmanager, which .ci/run installs when it
    // can (best effort: without it, this one check is skipped).
    Path amtool = Promtool.find("amtool").orElse(null);
    Assumptions.assumeTrue(
        amtool != null, "amtool is not installed (Debian package prometheus-alertmanager)");

    Promtool.Result result =
        Promtool.exec(
            amtool,
            DeployFiles.path("deploy/alertmanager"),
            TIMEOUT,
            null,
            "check-config",
            "alertmanager.yml");

    assertThat(result.exitCode()).as(result.output()).isZero();
  }
}
