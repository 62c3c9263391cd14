package dev.dagflow.server;

class H2EventSocketTest extends EventSocketContract {
  @Override
  boolean postgres() {
    return false;
  }
}
