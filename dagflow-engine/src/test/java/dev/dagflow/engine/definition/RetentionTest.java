package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retention periods: the server flag's and the definition key's syntax. */
class RetentionTest {
  private static final String NODES = "nodes:\n  - {id: b, type: noop}\n";

  @Test
  void readsDaysDurationsAndZeroForForever() {
    assertThat(Retention.parse("30d")).isEqualTo(Duration.ofDays(30));
    assertThat(Retention.parse("7d12h")).isEqualTo(Duration.ofHours(180));
    assertThat(Retention.parse("36h")).isEqualTo(Duration.ofHours(36));
    assertThat(Retention.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Retention.parse("0")).isZero();
  }

  @Test
  void refusesMalformedPeriodsNamingTheRules() {
    for (String bad : new String[] {"", "d", "30", "1.5d", "-1d", "30d30d", "12h1d", "forever"}) {
      assertThat(Retention.find(bad)).as(bad).isEmpty();
    }
    assertThatThrownBy(() -> Retention.parse("forever"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "malformed retention 'forever': use 0 (keep runs forever) or whole numbers with units"
                + " d, h, m, s, ms, e.g. 30d, 7d12h, 36h");
  }

  @Test
  void aDefinitionMaySetItsOwnRetention() {
    DefinitionParser parser = DefinitionParser.standard();

    assertThat(parser.parse("id: a\nretention: 7d\n" + NODES, "a.yaml").retention())
        .isEqualTo(Duration.ofDays(7));
    assertThat(parser.parse("id: a\nretention: 0\n" + NODES, "a.yaml").retention()).isZero();
    assertThat(parser.parse("id: a\n" + NODES, "a.yaml").retention()).as("server default").isNull();
  }

  @Test
  void aMalformedRetentionIsReportedAtItsValue() {
    assertThat(problems("id: a\nretention: 1 week\n" + NODES))
        .containsExactly(
            "flow.yaml:2:12: workflow key 'retention': malformed retention '1 week': use 0 (keep"
                + " runs forever) or whole numbers with units d, h, m, s, ms, e.g. 30d, 7d12h, 36h");
  }
}
