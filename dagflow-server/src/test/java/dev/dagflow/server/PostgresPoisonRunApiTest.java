package dev.dagflow.server;

class PostgresPoisonRunApiTest extends PoisonRunApiContract {
  @Override
  boolean postgres() {
    return true;
  }

  @Override
  String badParams() {
    return "'[1, 2]'";
  }
}
