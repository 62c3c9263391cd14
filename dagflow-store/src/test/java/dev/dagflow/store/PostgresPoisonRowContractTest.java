package dev.dagflow.store;

import dev.dagflow.store.testing.TestStores;
import java.util.function.Consumer;

class PostgresPoisonRowContractTest extends PoisonRowContractTest {
  @Override
  JdbcStore open(Consumer<JdbcStoreBuilder> settings) {
    return TestStores.postgres(settings);
  }

  @Override
  String badParams() {
    return "'[1, 2]'"; // jsonb holds only JSON: a value of the wrong shape
  }
}
