package dev.dagflow.store;

import dev.dagflow.store.testing.TestStores;
import java.util.function.Consumer;

class PostgresUsualValuesContractTest extends UsualValuesContractTest {
  @Override
  JdbcStore open(Consumer<JdbcStoreBuilder> settings) {
    return TestStores.postgres(settings);
  }
}
