package dev.dagflow.server;

class PostgresRetentionApiTest extends RetentionApiContract {
  @Override
  boolean postgres() {
    return true;
  }
}
