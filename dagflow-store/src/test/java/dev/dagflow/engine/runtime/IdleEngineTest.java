package dev.dagflow.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.store.ForwardingStore;
import dev.dagflow.engine.store.Store;
import dev.dagflow.engine.store.StoreSession;
import dev.dagflow.store.JdbcStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine with nothing to do runs (almost) no transactions, and still picks up new work. */
abstract class IdleEngineTest {
  private static final String CHAIN =
      """
      id: idle-chain
      nodes:
        - {id: a, type: noop}
        - {id: b, type: noop, depends_on: [a]}
      """;

  @TempDir Path work;

  abstract JdbcStore newStore();

  @Test
  void idleEngineRunsAtMostTheFallbackPollsTransactions() throws InterruptedException {
    try (JdbcStore store = newStore();
        EngineHarness h = new EngineHarness(new Counted(store), work)) {
      assertThat(h.run(CHAIN, Map.of()).status()).isEqualTo(RunStatus.SUCCESS);
      Counted counted = (Counted) h.store;
      Thread.sleep(300); // the run's last effects settle
      long before = counted.transactions.get();
      Thread.sleep(2_000);
      long idle = counted.transactions.get() - before;
      // the 20 ms poll ran an admission and a claim transaction each time: about 200 in 2 s; now
      // only the fallback's (one admission and one claim scan a second)
      assertThat(idle).isLessThanOrEqualTo(6);
      // and a run submitted now starts at once, not at the next fallback
      long start = System.nanoTime();
      assertThat(h.run(CHAIN, Map.of()).status()).isEqualTo(RunStatus.SUCCESS);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
    }
  }

  /** The real store, counting the read-write transactions the engine asks of it. */
  private static final class Counted extends ForwardingStore {
    private final AtomicLong transactions = new AtomicLong();

    Counted(Store delegate) {
      super(delegate);
    }

    @Override
    public <T> T transaction(Function<StoreSession, T> work) {
      transactions.incrementAndGet();
      return super.transaction(work);
    }
  }
}
