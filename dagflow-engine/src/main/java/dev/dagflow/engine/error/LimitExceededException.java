package dev.dagflow.engine.error;

/** A configured bound was hit: body size (413) or the admission queue (429). */
public final class LimitExceededException extends DagflowException {
  private final long retryAfterSeconds;

  public LimitExceededException(int httpStatus, String message, long retryAfterSeconds) {
    super(httpStatus, message);
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Seconds a client should wait before retrying, or 0 when retrying will not help. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
