package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class PostgresIdleEngineTest extends IdleEngineTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }
}
