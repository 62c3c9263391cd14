package dev.dagflow.server;

class H2RunApiTest extends RunApiContract {
  @Override
  ServerFixture start() {
    return ServerFixture.h2();
  }
}
