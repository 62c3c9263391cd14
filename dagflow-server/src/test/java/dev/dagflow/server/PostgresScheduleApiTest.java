package dev.dagflow.server;

import java.time.Duration;

class PostgresScheduleApiTest extends ScheduleApiContract {
  @Override
  ServerFixture fixture() {
    return ServerFixture.on(true, e -> e.scheduleTick(Duration.ofMillis(200)), s -> {});
  }
}
