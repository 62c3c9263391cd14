package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class H2MultiEngineTest extends MultiEngineTest {
  @Override
  JdbcStore newStore() {
    return TestStores.h2();
  }

  @Override
  int runs() {
    return 50;
  }
}
