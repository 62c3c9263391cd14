package dev.dagflow.server;

class H2InputGateTest extends InputGateContract {
  @Override
  ServerFixture start() {
    return ServerFixture.h2();
  }
}
