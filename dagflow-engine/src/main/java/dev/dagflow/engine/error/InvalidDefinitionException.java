package dev.dagflow.engine.error;

import dev.dagflow.engine.definition.Problem;
import java.util.List;

/**
 * A workflow definition with problems; each {@link Problem} has a file, line and column. Maps to
 * 422 when registered through the API, exit code 2 in the CLI.
 */
public final class InvalidDefinitionException extends InvalidRequestException {
  private final List<Problem> definitionProblems;

  public InvalidDefinitionException(List<Problem> problems) {
    super(422, problems.stream().map(Problem::toString).toList());
    this.definitionProblems = List.copyOf(problems);
  }

  public List<Problem> definitionProblems() {
    return definitionProblems;
  }
}
