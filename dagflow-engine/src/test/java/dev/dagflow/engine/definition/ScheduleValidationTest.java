package dev.dagflow.engine.definition;

import static dev.dagflow.engine.definition.DefinitionProblems.problems;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code schedules:} block: defaults, cron syntax, zones, policies, params, each located. */
class ScheduleValidationTest {
  private static final String NODES = "nodes:\n  - {id: b, type: noop}\n";

  @Test
  void readsEveryKeyAndAppliesDefaults() {
    String yaml =
        "id: a\n"
            + "params:\n  who: {type: string, required: true}\n"
            + "schedules:\n"
            + "  - id: nightly\n"
            + "    cron: \"30 2 * * *\"\n"
            + "    timezone: Europe/Berlin\n"
            + "    params: {who: night}\n"
            + "    overlap: buffer_one\n"
            + "    catchup: all\n"
            + "    max_lateness: 10m\n"
            + "    enabled: false\n"
            + "  - {id: often, cron: \"*/5 * * * * *\", params: {who: x}}\n"
            + NODES;
    WorkflowDefinition def = DefinitionParser.standard().parse(yaml, "flow.yaml");

    assertThat(def.schedules())
        .containsExactly(
            new ScheduleSpec(
                "nightly",
                "30 2 * * *",
                ZoneId.of("Europe/Berlin"),
                Map.of("who", "night"),
                OverlapPolicy.BUFFER_ONE,
                CatchupPolicy.ALL,
                Duration.ofMinutes(10),
                false),
            new ScheduleSpec(
                "often",
                "*/5 * * * * *",
                ZoneOffset.UTC,
                Map.of("who", "x"),
                OverlapPolicy.SKIP,
                CatchupPolicy.LAST,
                ScheduleSpec.DEFAULT_MAX_LATENESS,
                true));
  }

  @Test
  void reportsBadCronAtItsValue() {
    String yaml = "id: a\nschedules:\n  - id: s\n    cron: \"* * *\"\n" + NODES;
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:4:11: cron '* * *' has 3 fields");

    String range = "id: a\nschedules:\n  - {id: s, cron: \"61 * * * *\"}\n" + NODES;
    assertThat(problems(range))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:3:19: cron '61 * * * *':");
  }

  @Test
  void reportsUnknownTimeZoneNamesAndRefusesBareOffsets() {
    String yaml =
        "id: a\nschedules:\n"
            + "  - {id: s, cron: \"0 2 * * *\", timezone: Europe/Berlinn}\n"
            + "  - {id: t, cron: \"0 2 * * *\", timezone: \"+02:00\"}\n"
            + NODES;
    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:3:42: unknown time zone 'Europe/Berlinn': use an IANA name such as UTC,"
                + " Europe/Berlin or America/New_York",
            "flow.yaml:4:42: unknown time zone '+02:00': use an IANA name such as UTC,"
                + " Europe/Berlin or America/New_York");
  }

  @Test
  void reportsUnknownPoliciesKeysAndDuplicateIds() {
    String yaml =
        "id: a\nschedules:\n"
            + "  - {id: s, cron: \"0 2 * * *\", overlap: queue, catchup: some}\n"
            + "  - {id: s, cron: \"0 3 * * *\", every: 1h}\n"
            + NODES;
    assertThat(problems(yaml))
        .containsExactly(
            "flow.yaml:3:41: schedule key 'overlap' must be one of skip, buffer_one, allow,"
                + " cancel_other, not 'queue'",
            "flow.yaml:3:57: schedule key 'catchup' must be one of none, last, all, not 'some'",
            "flow.yaml:4:10: duplicate schedule id 's'",
            "flow.yaml:4:32: unknown key 'every' in schedule (allowed: id, cron, timezone, params,"
                + " overlap, catchup, max_lateness, enabled)");
  }

  @Test
  void reportsScheduleParamsTheWorkflowWouldRefuse() {
    String yaml =
        "id: a\nparams:\n  n: {type: integer, required: true}\nschedules:\n"
            + "  - id: s\n    cron: \"0 2 * * *\"\n    params: {n: many}\n"
            + NODES;
    assertThat(problems(yaml))
        .singleElement()
        .asString()
        .startsWith("flow.yaml:7:13: schedule 's': ")
        .contains("'n'");
  }
}
