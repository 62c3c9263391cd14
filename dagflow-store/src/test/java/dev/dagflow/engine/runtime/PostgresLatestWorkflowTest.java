package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class PostgresLatestWorkflowTest extends LatestWorkflowTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }
}
