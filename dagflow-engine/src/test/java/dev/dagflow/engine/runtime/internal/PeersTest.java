package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PeersTest {
  @Test
  void countsThisInstanceAndTheSendersHeardWithinTheWindow() throws InterruptedException {
    Peers peers = new Peers(Duration.ofMillis(200));
    assertThat(peers.active()).isEqualTo(1);
    assertThat(peers.heard("a")).isTrue();
    assertThat(peers.heard("a")).isFalse(); // already counted
    assertThat(peers.heard("b")).isTrue();
    assertThat(peers.heard(null)).isFalse(); // a store that cannot tell the sender
    assertThat(peers.active()).isEqualTo(3);
    Thread.sleep(300);
    assertThat(peers.active()).isEqualTo(1); // both fell silent: forgotten
    assertThat(peers.heard("a")).isTrue(); // and counted anew
    assertThat(peers.active()).isEqualTo(2);
  }

  @Test
  void lanesRouteOverTheShareInUseAndNeverBelowOne() {
    CompletionLanes lanes = new CompletionLanes(4, 16, b -> {}, k -> {}, () -> {});
    assertThat(lanes.lanesInUse()).isEqualTo(4);
    lanes.useLanes(2);
    assertThat(lanes.lanesInUse()).isEqualTo(2);
    lanes.useLanes(0);
    assertThat(lanes.lanesInUse()).isEqualTo(1);
    lanes.useLanes(9);
    assertThat(lanes.lanesInUse()).isEqualTo(4);
  }
}
