package dev.dagflow.server;

class PostgresInputGateTest extends InputGateContract {
  @Override
  ServerFixture start() {
    return ServerFixture.postgres();
  }
}
