package dev.dagflow.server;

import java.time.Duration;

class H2ScheduleApiTest extends ScheduleApiContract {
  @Override
  ServerFixture fixture() {
    return ServerFixture.on(false, e -> e.scheduleTick(Duration.ofMillis(200)), s -> {});
  }
}
