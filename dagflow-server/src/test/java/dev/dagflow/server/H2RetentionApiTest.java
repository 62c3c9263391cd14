package dev.dagflow.server;

class H2RetentionApiTest extends RetentionApiContract {
  @Override
  boolean postgres() {
    return false;
  }
}
