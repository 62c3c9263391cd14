package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class PostgresMapTest extends MapTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }
}
