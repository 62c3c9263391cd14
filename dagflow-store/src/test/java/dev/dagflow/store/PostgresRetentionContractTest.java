package dev.dagflow.store;

import dev.dagflow.store.testing.TestStores;
import java.util.function.Consumer;

class PostgresRetentionContractTest extends RetentionContractTest {
  @Override
  JdbcStore open(Consumer<JdbcStoreBuilder> settings) {
    return TestStores.postgres(settings);
  }
}
