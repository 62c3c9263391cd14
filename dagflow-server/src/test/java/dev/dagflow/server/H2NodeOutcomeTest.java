package dev.dagflow.server;

class H2NodeOutcomeTest extends NodeOutcomeContract {
  @Override
  boolean postgres() {
    return false;
  }
}
