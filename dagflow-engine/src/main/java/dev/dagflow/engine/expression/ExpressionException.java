package dev.dagflow.engine.expression;

import dev.dagflow.engine.error.DagflowException;

/**
 * A CEL condition or template that does not compile, fails while evaluating, or yields the wrong
 * type. The message names the expression and the reason; maps to 422.
 *
 * <pre>{@code
 * try {
 *   Expressions.evaluateCondition("params.count > 1", vars);
 * } catch (ExpressionException e) {
 *   node.fail(e.getMessage()); // "expression 'params.count > 1' failed: key 'count' is not ..."
 * }
 * }</pre>
 */
public final class ExpressionException extends DagflowException {
  public ExpressionException(String message) {
    super(422, message);
  }

  public ExpressionException(String message, Throwable cause) {
    super(422, message, cause);
  }
}
