package dev.dagflow.server;

class H2MapApiTest extends MapApiContract {
  @Override
  ServerFixture fixture() {
    return ServerFixture.on(false, e -> {}, s -> {});
  }
}
