package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class H2IdleEngineTest extends IdleEngineTest {
  @Override
  JdbcStore newStore() {
    return TestStores.h2();
  }
}
