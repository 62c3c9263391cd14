package dev.dagflow.server;

class H2ErrorBodyTest extends ErrorBodyContract {
  @Override
  boolean postgres() {
    return false;
  }
}
