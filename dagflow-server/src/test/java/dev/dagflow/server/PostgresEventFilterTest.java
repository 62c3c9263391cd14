package dev.dagflow.server;

class PostgresEventFilterTest extends EventFilterContract {
  @Override
  boolean postgres() {
    return true;
  }
}
