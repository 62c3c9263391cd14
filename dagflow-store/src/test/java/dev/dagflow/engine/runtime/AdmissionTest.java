package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.error.LimitExceededException;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdmissionTest extends H2EngineTest {
  static final String SLOW =
      """
      id: slow
      params:
        n: {type: integer}
      nodes:
        - {id: a, type: mock, config: {duration: 300ms}}
      """;

  @Test
  void aSecondRunWaitsQueuedUntilTheFirstFinishes() {
    engine(b -> b.maxActiveWorkflows(1));
    RunRecord first = h.submit(SLOW, Map.of());
    RunRecord second = h.submit(SLOW, Map.of());
    RunRecord a = h.await(first.runId());
    RunRecord b = h.await(second.runId());
    assertThat(a.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(b.status()).isEqualTo(RunStatus.SUCCESS);
    assertThat(b.startedAt()).isAfterOrEqualTo(a.finishedAt());
  }

  @Test
  void theSameIdempotencyKeyAndParamsReturnTheSameRun() {
    engine();
    String id = h.engine.register(SLOW, "slow.yaml").id();
    RunRecord one = h.engine.submit(id, EngineHarness.json(Map.of("n", 1)), "key-1");
    RunRecord two = h.engine.submit(id, EngineHarness.json(Map.of("n", 1)), "key-1");
    assertThat(two.runId()).isEqualTo(one.runId());
    assertThatThrownBy(() -> h.engine.submit(id, EngineHarness.json(Map.of("n", 2)), "key-1"))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(((InvalidRequestException) e).httpStatus()).isEqualTo(422));
  }

  @Test
  void invalidParamsAreRejectedWith422() {
    engine();
    String id = h.engine.register(SLOW, "slow.yaml").id();
    assertThatThrownBy(() -> h.engine.submit(id, EngineHarness.json(Map.of("n", "x")), null))
        .isInstanceOf(InvalidRequestException.class);
  }

  @Test
  void aFullQueueIsRefusedWith429AndRetryAfter() {
    engine(b -> b.maxActiveWorkflows(1).maxQueuedRuns(1));
    String id = h.engine.register(SLOW, "slow.yaml").id();
    h.engine.shutdown(java.time.Duration.ZERO); // nothing is admitted: runs stay queued
    h.engine.submit(id, EngineHarness.json(Map.of()), null);
    assertThatThrownBy(() -> h.engine.submit(id, EngineHarness.json(Map.of()), null))
        .isInstanceOfSatisfying(
            LimitExceededException.class,
            e -> {
              assertThat(e.httpStatus()).isEqualTo(429);
              assertThat(e.retryAfterSeconds()).isPositive();
            });
  }

  @Test
  void aQueuedRunCanBeCancelled() {
    engine();
    String id = h.engine.register(SLOW, "slow.yaml").id();
    h.engine.shutdown(java.time.Duration.ZERO); // nothing is admitted: the run stays queued
    RunRecord queued = h.engine.submit(id, EngineHarness.json(Map.of()), null);
    RunRecord cancelled = h.engine.cancel(queued.runId());
    assertThat(cancelled.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(h.nodes(queued.runId()).get("a").status())
        .isEqualTo(dev.dagflow.engine.model.NodeStatus.CANCELLED);
  }
}
