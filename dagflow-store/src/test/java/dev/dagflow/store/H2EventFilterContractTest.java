package dev.dagflow.store;

import dev.dagflow.store.testing.TestStores;
import java.util.function.Consumer;

class H2EventFilterContractTest extends EventFilterContractTest {
  @Override
  JdbcStore open(Consumer<JdbcStoreBuilder> settings) {
    return TestStores.h2(settings);
  }
}
