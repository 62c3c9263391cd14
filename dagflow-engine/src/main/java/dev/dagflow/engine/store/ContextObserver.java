package dev.dagflow.engine.store;

/** Told of every context store operation ("save", "load", "delete") and whether it succeeded. */
@FunctionalInterface
public interface ContextObserver {
  ContextObserver NONE = (operation, success) -> {};

  void onOperation(String operation, boolean success);
}
