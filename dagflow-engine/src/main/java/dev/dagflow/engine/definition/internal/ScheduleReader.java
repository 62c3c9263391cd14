package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.CatchupPolicy;
import dev.dagflow.engine.definition.OverlapPolicy;
import dev.dagflow.engine.definition.Problem;
import dev.dagflow.engine.definition.ScheduleSpec;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.schedule.CronClock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a definition's {@code schedules:} list: ids, cron syntax, IANA zone names, policies and
 * durations, each problem at its line and column.
 */
final class ScheduleReader {
  private static final List<String> KEYS =
      List.of("id", "cron", "timezone", "params", "overlap", "catchup", "max_lateness", "enabled");
  private static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_.-]{0,63}$");

  private final Problems problems;
  private final Map<String, Node> positions = new HashMap<>();

  ScheduleReader(Problems problems) {
    this.problems = problems;
  }

  List<ScheduleSpec> read(Node node) {
    if (!(node instanceof SequenceNode seq)) {
      problems.add(node, "schedules must be a list of {id, cron, timezone, ...}");
      return List.of();
    }
    List<ScheduleSpec> schedules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (Node item : seq.getValue()) {
      Fields f = Fields.read(item, "schedule", KEYS, List.of("id", "cron"), problems);
      Optional<String> id = f.string("id").filter(v -> validId(v, f.node("id").get()));
      id.filter(v -> !ids.add(v))
          .ifPresent(v -> problems.add(f.node("id").get(), "duplicate schedule id '" + v + "'"));
      Optional<String> cron = f.string("cron").filter(c -> validCron(c, f.node("cron").get()));
      ZoneId zone = f.string("timezone").map(z -> zone(z, f.node("timezone").get())).orElse(null);
      Map<String, Object> params = f.node("params").map(this::params).orElse(Map.of());
      OverlapPolicy overlap =
          f.choice("overlap", labels(OverlapPolicy.values()))
              .map(v -> OverlapPolicy.valueOf(v.toUpperCase(java.util.Locale.ROOT)))
              .orElse(OverlapPolicy.SKIP);
      CatchupPolicy catchup =
          f.choice("catchup", labels(CatchupPolicy.values()))
              .map(v -> CatchupPolicy.valueOf(v.toUpperCase(java.util.Locale.ROOT)))
              .orElse(CatchupPolicy.LAST);
      Duration lateness = f.duration("max_lateness").orElse(ScheduleSpec.DEFAULT_MAX_LATENESS);
      boolean enabled = f.bool("enabled").orElse(true);
      if (id.isPresent() && cron.isPresent()) {
        positions.put(id.get(), f.node("params").orElse(f.at()));
        schedules.add(
            new ScheduleSpec(
                id.get(),
                cron.get(),
                zone == null ? ZoneOffset.UTC : zone,
                params,
                overlap,
                catchup,
                lateness,
                enabled));
      }
    }
    return List.copyOf(schedules);
  }

  /** Reports, at each schedule, params that the workflow's {@code params:} would refuse. */
  void checkParams(WorkflowDefinition definition) {
    for (ScheduleSpec spec : definition.schedules()) {
      JsonNode params = JsonMapper.shared().valueToTree(spec.params());
      for (Problem p : ParamTypes.validate(definition, params)) {
        problems.add(positions.get(spec.id()), "schedule '" + spec.id() + "': " + p.message());
      }
    }
  }

  private boolean validId(String value, Node at) {
    if (ID.matcher(value).matches()) {
      return true;
    }
    problems.add(
        at,
        "invalid schedule id '"
            + value
            + "': 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter");
    return false;
  }

  private boolean validCron(String cron, Node at) {
    try {
      CronClock.parse(cron);
      return true;
    } catch (IllegalArgumentException e) {
      problems.add(at, e.getMessage());
      return false;
    }
  }

  private ZoneId zone(String name, Node at) {
    try {
      // region ids only (Europe/Berlin, UTC): offsets like +02:00 have no DST and hide mistakes
      if (!name.equals("UTC") && !name.contains("/")) {
        throw new DateTimeException("not a region");
      }
      return ZoneId.of(name);
    } catch (DateTimeException e) {
      problems.add(
          at,
          "unknown time zone '"
              + name
              + "': use an IANA name such as UTC, Europe/Berlin or America/New_York");
      return null;
    }
  }

  private Map<String, Object> params(Node node) {
    Object plain = YamlDocument.plain(node, problems, (text, at) -> {});
    if (!(plain instanceof Map<?, ?> map)) {
      problems.add(node, "schedule params must be a mapping of param names to values");
      return Map.of();
    }
    Map<String, Object> params = new LinkedHashMap<>();
    map.forEach((k, v) -> params.put(String.valueOf(k), v));
    return java.util.Collections.unmodifiableMap(params);
  }

  private static List<String> labels(Enum<?>[] values) {
    return Arrays.stream(values).map(v -> v.name().toLowerCase(java.util.Locale.ROOT)).toList();
  }
}
