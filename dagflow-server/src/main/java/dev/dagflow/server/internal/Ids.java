package dev.dagflow.server.internal;

import dev.dagflow.engine.error.RunNotFoundException;
import java.util.UUID;

/** Parses ids from paths: a run id that is not a UUID names no run (404). */
final class Ids {
  private Ids() {}

  static UUID runId(String text) {
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new RunNotFoundException(text);
    }
  }
}
