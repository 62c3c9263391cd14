package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.time.Duration;

class H2ScheduleMultiEngineTest extends ScheduleMultiEngineTest {
  @Override
  JdbcStore newStore() {
    return TestStores.h2();
  }

  @Override
  Duration window() {
    return Duration.ofSeconds(6);
  }
}
