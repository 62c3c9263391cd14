package dev.dagflow.engine.error;

import dev.dagflow.engine.EngineErrorKind;
import java.util.UUID;

/**
 * A stored row of a run that cannot be turned back into what it was written from: corrupt JSON, an
 * unknown status or event type, a definition version that is gone or no longer parses, a node the
 * definition does not have. It names the run and what is wrong, so that the engine fails that run
 * alone (and the API answers a problem) instead of a raw decoding error stopping everything that
 * touched the row. See docs/engine.md, "Poison rows".
 *
 * <pre>{@code
 * throw new UndecodableRowException(runId, EngineErrorKind.UNDECODABLE_NODE,
 *     "nodes row 'b': unknown status 'bogus'");
 * }</pre>
 */
public final class UndecodableRowException extends DagflowException {
  /** The prefix of the reason of every run failed for this. */
  public static final String REASON_PREFIX = "run cannot be decoded: ";

  private final UUID runId;
  private final EngineErrorKind kind;
  private final String detail;

  public UndecodableRowException(UUID runId, EngineErrorKind kind, String detail) {
    this(runId, kind, detail, null);
  }

  public UndecodableRowException(UUID runId, EngineErrorKind kind, String detail, Throwable cause) {
    super(500, "run " + runId + " cannot be decoded: " + detail, cause);
    this.runId = runId;
    this.kind = kind;
    this.detail = detail;
  }

  /** The run the row belongs to. */
  public UUID runId() {
    return runId;
  }

  public EngineErrorKind kind() {
    return kind;
  }

  /** What is wrong, e.g. {@code nodes row 'b': unknown status 'bogus'}. */
  public String detail() {
    return detail;
  }

  /** The reason the run ends {@code failure} with. */
  public String reason() {
    return REASON_PREFIX + detail;
  }

  @Override
  public String title() {
    return "Run Cannot Be Decoded";
  }
}
