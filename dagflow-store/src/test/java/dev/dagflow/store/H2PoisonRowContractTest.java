package dev.dagflow.store;

import dev.dagflow.store.testing.TestStores;
import java.util.Optional;
import java.util.function.Consumer;

class H2PoisonRowContractTest extends PoisonRowContractTest {
  @Override
  JdbcStore open(Consumer<JdbcStoreBuilder> settings) {
    return TestStores.h2(settings);
  }

  @Override
  String badParams() {
    return "'{\"who\": '"; // H2 keeps JSON as text: any text fits
  }

  @Override
  Optional<String> notJson() {
    return Optional.of("'{oops'");
  }
}
