package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class PostgresMultiEngineTest extends MultiEngineTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }
}
