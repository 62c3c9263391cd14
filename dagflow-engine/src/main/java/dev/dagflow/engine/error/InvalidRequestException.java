package dev.dagflow.engine.error;

import java.util.List;

/**
 * Input that cannot be accepted: bad params, a malformed body, a reused idempotency key. Carries
 * every problem found, each naming where it is. Maps to 400 or 422.
 */
public class InvalidRequestException extends DagflowException {
  private final List<String> problems;

  public InvalidRequestException(int httpStatus, List<String> problems) {
    super(httpStatus, String.join("; ", problems));
    this.problems = List.copyOf(problems);
  }

  public InvalidRequestException(String problem) {
    this(422, List.of(problem));
  }

  public List<String> problems() {
    return problems;
  }
}
