package dev.dagflow.store.internal;

import dev.dagflow.engine.error.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque cursor of newest-first run pages: the last row's {@code (queued_at, run_id)}, encoded
 * so clients cannot depend on its shape.
 */
record RunCursor(Instant queuedAt, UUID runId) {

  String encode() {
    long micros = ChronoUnit.MICROS.between(Instant.EPOCH, queuedAt);
    byte[] raw = (micros + "/" + runId).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  static RunCursor decode(String cursor) {
    try {
      String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
      int slash = raw.indexOf('/');
      long micros = Long.parseLong(raw.substring(0, slash));
      return new RunCursor(
          Instant.EPOCH.plus(micros, ChronoUnit.MICROS), UUID.fromString(raw.substring(slash + 1)));
    } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
      throw new InvalidRequestException(400, java.util.List.of("invalid cursor: " + cursor));
    }
  }
}
