package dev.dagflow.engine;

import java.util.Locale;

/**
 * What the engine counts in {@code dag_engine_errors_total{kind}}: stored rows it could not decode,
 * each of which fails its run alone (docs/engine.md, "Poison rows"). A bounded set: every kind is
 * exported from 0.
 *
 * <pre>{@code
 * engine.addErrorListener(kind -> metrics.recordEngineError(kind.label()));
 * }</pre>
 */
public enum EngineErrorKind {
  /** A {@code runs} row: corrupt params, an unknown status. */
  UNDECODABLE_RUN,
  /** A {@code nodes} row: corrupt output or artifacts, an unknown status. */
  UNDECODABLE_NODE,
  /** The run's definition version is gone or no longer parses (a node type unregistered). */
  UNKNOWN_DEFINITION,
  /** A node row whose id the run's definition does not have. */
  UNKNOWN_NODE;

  /** The metric label, e.g. {@code undecodable_run}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
