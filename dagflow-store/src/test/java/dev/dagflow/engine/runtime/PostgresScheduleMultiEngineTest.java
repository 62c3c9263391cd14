package dev.dagflow.engine.runtime;

import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.testing.TestStores;
import java.time.Duration;

class PostgresScheduleMultiEngineTest extends ScheduleMultiEngineTest {
  @Override
  JdbcStore newStore() {
    return TestStores.postgres();
  }

  @Override
  Duration window() {
    return Duration.ofSeconds(20);
  }
}
