package dev.dagflow.metrics.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class LabelGuardTest {

  private final Counter counter =
      Counter.builder().name("test_total").labelNames("a", "b").withoutExemplars().build();
  private final Counter overflow =
      Counter.builder().name("overflow_total").labelNames("metric").withoutExemplars().build();

  private LabelGuard<CounterDataPoint> guard(int max) {
    return new LabelGuard<>(counter, "test_total", 2, max, overflow.labelValues("test_total"));
  }

  @Test
  void returnsTheSameChildForEqualValuesFromDifferentStrings() {
    LabelGuard<CounterDataPoint> guard = guard(10);

    CounterDataPoint first = guard.labelValues("x", "y");
    CounterDataPoint second = guard.labelValues(new String("x"), new String("y"));

    assertThat(second).isSameAs(first).isSameAs(counter.labelValues("x", "y"));
  }

  @Test
  void findsEveryChildAfterTheTableGrows() {
    LabelGuard<CounterDataPoint> guard = guard(5000);
    for (int i = 0; i < 3000; i++) {
      guard.labelValues("n" + i, "s").inc();
    }
    for (int i = 0; i < 3000; i++) {
      guard.labelValues("n" + i, "s").inc();
    }

    assertThat(guard.size()).isEqualTo(3000);
    assertThat(counter.labelValues("n2999", "s").get()).isEqualTo(2.0);
    assertThat(overflow.labelValues("test_total").get()).isZero();
  }

  @Test
  void countsExactlyUnderConcurrentAdmission() throws Exception {
    LabelGuard<CounterDataPoint> guard = guard(100);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10_000; i++) {
                    guard.labelValues("n" + (i % 50), "s").inc();
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(guard.size()).isEqualTo(50);
    assertThat(counter.labelValues("n7", "s").get()).isEqualTo(800.0);
  }

  @Test
  void overflowsOnceTheBoundIsReached() {
    LabelGuard<CounterDataPoint> guard = guard(2);
    guard.labelValues("a", "1").inc();
    guard.labelValues("b", "1").inc();
    guard.labelValues("c", "1").inc();
    guard.labelValues("d", "1").inc();

    assertThat(guard.size()).isEqualTo(2);
    assertThat(counter.labelValues("__overflow__", "__overflow__").get()).isEqualTo(2.0);
    assertThat(overflow.labelValues("test_total").get()).isEqualTo(2.0);
  }

  @Test
  void removeIfDropsMatchingSeriesFromTheMetric() {
    LabelGuard<CounterDataPoint> guard = guard(10);
    guard.labelValues("keep", "1").inc();
    guard.labelValues("drop", "1").inc();

    guard.removeIf(values -> values[0].equals("drop"));

    assertThat(guard.size()).isEqualTo(1);
    assertThat(counter.collect().getDataPoints())
        .singleElement()
        .satisfies(point -> assertThat(point.getLabels().get("a")).isEqualTo("keep"));
  }

  @Test
  void rejectsAWrongNumberOfLabelValues() {
    LabelGuard<CounterDataPoint> guard = guard(10);

    assertThatThrownBy(() -> guard.labelValues("only-one"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("takes 2 label values");
  }

  @Test
  void exemplarGateOpensOncePerInterval() {
    Child<CounterDataPoint> child = guard(10).child("x", "y");

    assertThat(child.exemplarDue(1_000, 100)).isTrue();
    assertThat(child.exemplarDue(1_050, 100)).isFalse();
    assertThat(child.exemplarDue(1_100, 100)).isTrue();
  }
}
