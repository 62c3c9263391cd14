package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class H2LatestWorkflowTest extends LatestWorkflowTest {
  @Override
  JdbcStore newStore() {
    return TestStores.h2();
  }
}
