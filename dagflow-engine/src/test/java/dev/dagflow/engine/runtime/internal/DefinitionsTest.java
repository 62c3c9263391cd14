package dev.dagflow.engine.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.model.StoredWorkflow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The parsed-definition cache stays within its heap-sized bound however many versions pass. */
class DefinitionsTest {
  private static final String SOURCE =
      """
      id: grows
      nodes:
        - {id: a, type: noop}
      """;

  @Test
  void manyVersionsNeverHoldMoreThanTheBound() {
    DefinitionParser parser = DefinitionParser.standard();
    Definitions definitions = new Definitions(null, parser);

    for (int version = 1; version <= Definitions.MAX_CACHED + 10; version++) {
      StoredWorkflow stored = new StoredWorkflow("grows", version, SOURCE, Instant.EPOCH);
      assertThat(definitions.of(stored).version()).isEqualTo(version);
      assertThat(definitions.cached()).isLessThanOrEqualTo(Definitions.MAX_CACHED);
    }
    assertThat(Definitions.MAX_CACHED).isBetween(64, 10_000);
  }
}
