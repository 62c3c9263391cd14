package dev.dagflow.server;

class PostgresRunApiTest extends RunApiContract {
  @Override
  ServerFixture start() {
    return ServerFixture.postgres();
  }
}
