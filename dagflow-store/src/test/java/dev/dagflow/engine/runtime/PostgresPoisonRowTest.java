package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class PostgresPoisonRowTest extends PoisonRowTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }

  @Override
  String badParams() {
    return "'[1, 2]'";
  }
}
