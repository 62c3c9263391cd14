package dev.dagflow.store;

import dev.dagflow.store.testing.TestStores;
import java.util.function.Consumer;

class PostgresEventFilterContractTest extends EventFilterContractTest {
  @Override
  JdbcStore open(Consumer<JdbcStoreBuilder> settings) {
    return TestStores.postgres(settings);
  }
}
