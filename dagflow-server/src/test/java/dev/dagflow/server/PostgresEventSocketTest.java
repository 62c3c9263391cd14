package dev.dagflow.server;

class PostgresEventSocketTest extends EventSocketContract {
  @Override
  boolean postgres() {
    return true;
  }
}
