package dev.dagflow.server;

class H2EventFilterTest extends EventFilterContract {
  @Override
  boolean postgres() {
    return false;
  }
}
