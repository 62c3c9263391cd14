package dev.dagflow.server;

class PostgresErrorBodyTest extends ErrorBodyContract {
  @Override
  boolean postgres() {
    return true;
  }
}
