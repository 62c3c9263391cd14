package dev.dagflow.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesEveryUnit() {
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("10m")).isEqualTo(Duration.ofMinutes(10));
    assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void parsesCombinationsLargestUnitFirst() {
    assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("2m5s250ms")).isEqualTo(Duration.ofMillis(125_250));
  }

  @Test
  void rejectsMalformedText() {
    for (String bad : new String[] {"", "10", "1 h", "1.5s", "30s1m", "1h1h", "-1s", "1d", "s"}) {
      assertThat(Durations.find(bad)).as(bad).isEmpty();
    }
    assertThatThrownBy(() -> Durations.parse("soon"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("malformed duration 'soon'");
  }

  @Test
  void formatsSoThatParseReadsItBack() {
    assertThat(Durations.format(Duration.ofMillis(5_430_500))).isEqualTo("1h30m30s500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.parse(Durations.format(Duration.ofSeconds(3661))))
        .isEqualTo(Duration.ofSeconds(3661));
  }
}
