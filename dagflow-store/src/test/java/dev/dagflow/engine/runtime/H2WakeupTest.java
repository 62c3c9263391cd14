package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class H2WakeupTest extends WakeupTest {
  @Override
  JdbcStore newStore() {
    return TestStores.h2();
  }

  @Override
  boolean wakeups() {
    return false;
  }
}
