package dev.dagflow.bench.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

  @Test
  void percentilesAreNearestRank() {
    Latencies l = Latencies.of(LongStream.rangeClosed(1, 200).map(i -> 201 - i).toArray());

    assertThat(l.count()).isEqualTo(200);
    assertThat(l.p50()).isEqualTo(100);
    assertThat(l.p99()).isEqualTo(198);
    assertThat(l.max()).isEqualTo(200);
  }

  @Test
  void noValuesGiveZeroes() {
    assertThat(Latencies.of(new long[0])).isEqualTo(Latencies.NONE);
  }
}
