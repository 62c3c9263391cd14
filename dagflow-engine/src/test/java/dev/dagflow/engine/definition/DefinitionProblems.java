package dev.dagflow.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dagflow.engine.error.InvalidDefinitionException;
import java.util.List;

/** The problems a parser reports for a source, failing the test when it reports none. */
final class DefinitionProblems {
  private DefinitionProblems() {}

  static List<String> problems(String source) {
    return problems(source, "flow.yaml");
  }

  static List<String> problems(String source, String file) {
    return problems(DefinitionParser.standard(), source, file);
  }

  static List<String> problems(DefinitionParser parser, String source, String file) {
    InvalidDefinitionException e =
        catchThrowableOfType(InvalidDefinitionException.class, () -> parser.parse(source, file));
    assertThat(e).as("expected problems in:%n%s", source).isNotNull();
    return e.problems();
  }
}
