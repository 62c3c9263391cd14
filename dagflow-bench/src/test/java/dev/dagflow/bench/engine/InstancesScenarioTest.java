package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.error.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The several-instances line and the cross-instance hop on PostgreSQL, tiny: every run succeeds,
 * every node runs exactly once, both instances take part and the lines are printed. Skipped without
 * PostgreSQL (failed when {@code DAGFLOW_REQUIRE_POSTGRES=1}), as the store's tests are.
 */
class InstancesScenarioTest {
  private static final EngineSettings SETTINGS =
      new EngineSettings(10, 16, 4, Duration.ofMillis(20));
  private static final Duration TIMEOUT = Duration.ofSeconds(120);

  @Test
  void twoInstancesShareTheRunsAndRunEveryNodeExactlyOnce() {
    try (BenchStore db = postgres()) {
      Measurement m =
          DurableScenario.run(
              "fan-out",
              Shape.fanOut(3),
              20,
              db,
              2,
              true,
              SETTINGS,
              TIMEOUT,
              new WarmUp.Plan(Shape.fanOut(2), 2, Duration.ZERO));

      assertThat(m.failedRuns()).isZero();
      assertThat(m.store()).isEqualTo("pg x2");
      assertThat(m.nodes()).isEqualTo(20 * 5);
      assertThat(m.hop().count()).isEqualTo(20 * 4);
      assertThat(m.note())
          .contains("each node ran exactly once (100 executions, attempt 1)")
          .contains("nodes run by bench-1/bench-2")
          .doesNotContain(DurableScenario.EXACTLY_ONCE_VIOLATED)
          .doesNotContain("not reach the probe");
    }
  }

  @Test
  void crossHopAlternatesInstancesAndPrintsItsLines() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Report report = new Report(new PrintStream(out, true, StandardCharsets.UTF_8), true);
    Scenarios scenarios =
        new Scenarios(
            report,
            SETTINGS,
            TIMEOUT,
            BenchStore.defaultPostgresUrl(),
            new WarmUp.Plan(Shape.fanOut(2), 0, Duration.ZERO));
    postgres().close(); // skips the test without PostgreSQL

    assertThat(scenarios.crossHop(4, 10, 2, Set.of(BenchStore.Kind.POSTGRES))).isTrue();
    report.targets();

    String printed = out.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .containsPattern("cross-hop chain-4 +pg +1 instance ")
        .contains("2 instances, NOTIFY")
        .contains("2 instances, polling only")
        .contains("chain hop on PostgreSQL, cross-instance, 2 instances, NOTIFY")
        .doesNotContain(DurableScenario.EXACTLY_ONCE_VIOLATED)
        .doesNotContain("FAILED")
        .doesNotContain("TIMED OUT");
    // 10 runs x 3 hops; the root may start on either instance, every later node on the other one
    assertThat(printed)
        .containsPattern("NOTIFY +runs +10 \\(2 at once\\) +cross-instance hops +(2\\d|30) ");
  }

  @Test
  void alternationGivesEachLaterNodeToOneInstance() {
    assertThat(AlternatingClaims.instanceOf("n00001")).isEqualTo(-1);
    assertThat(AlternatingClaims.instanceOf("n00002")).isZero();
    assertThat(AlternatingClaims.instanceOf("n00003")).isEqualTo(1);
    assertThat(CrossHopScenario.yaml(2))
        .contains("depends_on: [n00001]")
        .contains("${nodes.n00001.output}");
  }

  private static BenchStore postgres() {
    try {
      return BenchStore.open(BenchStore.Kind.POSTGRES, BenchStore.defaultPostgresUrl(), 4);
    } catch (StoreException e) {
      if ("1".equals(System.getenv("DAGFLOW_REQUIRE_POSTGRES"))) {
        throw e;
      }
      Assumptions.abort("PostgreSQL not reachable: " + e.getMessage());
      throw e;
    }
  }
}
