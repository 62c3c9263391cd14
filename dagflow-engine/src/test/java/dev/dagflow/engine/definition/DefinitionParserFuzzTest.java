package dev.dagflow.engine.definition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.engine.error.InvalidDefinitionException;
import dev.dagflow.engine.error.InvalidRequestException;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Property: whatever text a definition or a run's params hold (NUL, lone surrogates, control
 * characters, huge numbers, broken syntax), the parser answers with a definition or with problems,
 * never with another exception; and a definition it accepts holds only storable text. Seeded, so a
 * failure names the seed that replays it ({@code -Ddagflow.fuzz.seed=N}).
 */
class DefinitionParserFuzzTest {
  private static final long SEED = Long.getLong("dagflow.fuzz.seed", 20261204L);
  private static final int TRIES = Integer.getInteger("dagflow.fuzz.tries", 1000);

  private final DefinitionParser parser = DefinitionParser.standard();

  @Test
  void anyDefinitionTextGivesADefinitionOrProblemsNeverAnotherException() {
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      String source = FuzzText.definition(random);
      String file = random.nextBoolean() ? "flow.yaml" : "flow.json";
      try {
        WorkflowDefinition wf = parser.parse(source, file);
        assertThat(FuzzText.storable(wf.description()))
            .as("seed %d try %d: %s", SEED, i, source)
            .isTrue();
      } catch (InvalidDefinitionException e) {
        assertThat(e.problems()).as("seed %d try %d: %s", SEED, i, source).isNotEmpty();
      } catch (RuntimeException e) {
        throw new AssertionError("seed %d try %d: %s threw on %s".formatted(SEED, i, e, source), e);
      }
    }
  }

  @Test
  void anyParamsGiveStoredParamsOrProblemsNeverAnotherException() {
    WorkflowDefinition wf =
        parser.parse(
            "id: p\nparams:\n  who: {type: string}\n  n: {type: number}\nnodes:\n"
                + "  - {id: a, type: noop}\n",
            "p.yaml");
    SplittableRandom random = new SplittableRandom(SEED);
    for (int i = 0; i < TRIES; i++) {
      ObjectNode params = JsonMapper.shared().createObjectNode();
      params.put(random.nextBoolean() ? "who" : FuzzText.string(random), FuzzText.string(random));
      if (random.nextBoolean()) {
        params.put("n", new java.math.BigDecimal(FuzzText.hugeNumber(random)));
      }
      try {
        ObjectNode stored = parser.prepareParams(wf, params);
        stored
            .properties()
            .forEach(e -> assertThat(FuzzText.storable(e.getValue().asString(""))).isTrue());
      } catch (InvalidRequestException e) {
        assertThat(e.httpStatus()).isEqualTo(422);
        assertThat(e.problems()).isNotEmpty();
      } catch (RuntimeException e) {
        throw new AssertionError("seed %d try %d: %s threw on %s".formatted(SEED, i, e, params), e);
      }
    }
  }

  @Test
  void theGeneratorReachesEveryKindOfBadText() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<String> samples =
        java.util.stream.IntStream.range(0, 500).mapToObj(i -> FuzzText.string(random)).toList();

    assertThat(samples).anyMatch(s -> s.indexOf('\0') >= 0);
    assertThat(samples).anyMatch(s -> s.chars().anyMatch(c -> Character.isSurrogate((char) c)));
    assertThat(samples).anyMatch(s -> s.chars().anyMatch(c -> c > 0 && c < 0x20));
    assertThat(samples).anyMatch(s -> s.codePoints().anyMatch(Character::isSupplementaryCodePoint));
  }
}
