package dev.dagflow.server;

class PostgresNodeOutcomeTest extends NodeOutcomeContract {
  @Override
  boolean postgres() {
    return true;
  }
}
