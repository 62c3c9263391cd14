package dev.dagflow.server;

class PostgresMapApiTest extends MapApiContract {
  @Override
  ServerFixture fixture() {
    return ServerFixture.on(true, e -> {}, s -> {});
  }
}
