package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class PostgresWakeupTest extends WakeupTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }

  @Override
  boolean wakeups() {
    return true;
  }
}
