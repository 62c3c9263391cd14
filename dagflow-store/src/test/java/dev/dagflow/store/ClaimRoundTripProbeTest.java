package dev.dagflow.store;

import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.NodeStatus;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.store.testing.TestStores;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ClaimRoundTripProbeTest {
  @Test
  void probe() {
    for (String kind : List.of("h2", "postgresql", "h2", "postgresql")) {
      try (JdbcStore store = kind.equals("h2") ? TestStores.h2() : TestStores.postgres()) {
        int n = 400;
        RunRecord run = Records.run("etl", Instant.now());
        store.transaction(
            tx -> {
              tx.insertRun(
                  run,
                  IntStream.range(0, n)
                      .mapToObj(i -> Records.node(run.runId(), "n" + i, NodeStatus.READY))
                      .toList());
              return null;
            });
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          store.transaction(
              tx -> {
                Instant now = Instant.now();
                NodeRecord c = tx.claimNodes("i1", now, now.plusSeconds(30), 1, null).getFirst();
                return tx.updateNodeFenced(
                    c.toBuilder()
                        .status(NodeStatus.SUCCESS)
                        .finishedAt(now)
                        .lease(null, null)
                        .build(),
                    "i1",
                    c.attempts());
              });
          nanos[i] = System.nanoTime() - t0;
        }
        Arrays.sort(nanos);
        System.out.printf(
            "PROBE %s claim+fenced update tx: median %d us, p90 %d us, mean %d us (n=%d)%n",
            kind,
            nanos[n / 2] / 1000,
            nanos[n * 9 / 10] / 1000,
            Arrays.stream(nanos).sum() / n / 1000,
            n);
      }
    }
  }
}
