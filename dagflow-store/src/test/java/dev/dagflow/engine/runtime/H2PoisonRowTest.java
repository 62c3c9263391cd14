package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;

class H2PoisonRowTest extends PoisonRowTest {
  @Override
  JdbcStore newStore() {
    return TestStores.h2();
  }

  @Override
  String badParams() {
    return "'{\"who\": '";
  }
}
