package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** Base of the engine semantics tests: a fresh in-memory H2 store and engine per test. */
abstract class H2EngineTest {
  @TempDir Path work;
  JdbcStore store;
  EngineHarness h;

  EngineHarness engine() {
    return engine(b -> {});
  }

  EngineHarness engine(Consumer<DurableEngineBuilder> custom) {
    store = TestStores.h2();
    h = new EngineHarness(store, work, custom);
    return h;
  }

  @AfterEach
  void closeEngine() {
    if (h != null) {
      h.close();
    }
    if (store != null) {
      store.close();
    }
  }
}
