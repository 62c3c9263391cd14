package dev.dagflow.engine.definition;

/**
 * One problem found in a definition, at a 1-based line and column.
 *
 * <pre>{@code
 * new Problem("flow.yaml", 12, 5, "unknown key 'dependson'").toString()
 * // -> "flow.yaml:12:5: unknown key 'dependson'"
 * }</pre>
 */
public record Problem(String file, int line, int column, String message) {
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
