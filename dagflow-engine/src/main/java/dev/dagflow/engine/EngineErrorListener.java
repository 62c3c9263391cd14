package dev.dagflow.engine;

/**
 * Told each time the engine fails a run because one of its stored rows cannot be decoded (once per
 * run so isolated): what {@code dag_engine_errors_total{kind}} counts.
 *
 * <pre>{@code
 * engine.addErrorListener(kind -> metrics.recordEngineError(kind.label()));
 * }</pre>
 */
@FunctionalInterface
public interface EngineErrorListener {
  void engineError(EngineErrorKind kind);
}
