package dev.dagflow.server;

class H2PoisonRunApiTest extends PoisonRunApiContract {
  @Override
  boolean postgres() {
    return false;
  }

  @Override
  String badParams() {
    return "'{\"who\": '";
  }
}
