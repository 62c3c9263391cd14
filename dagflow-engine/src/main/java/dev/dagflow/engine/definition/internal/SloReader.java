package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.Slo;
import dev.dagflow.engine.definition.SloObjective;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads a workflow's {@code slo:} block, reporting each problem at its position: unknown keys, a
 * period other than 28d or 30d, a {@code min_runs} below 1, duplicate or invalid objective names,
 * targets outside (0, 100), and a duration threshold that is not a bucket of the run duration
 * histogram (the message lists the buckets).
 */
final class SloReader {
  private static final List<String> KEYS = List.of("period", "min_runs", "objectives");
  private static final List<String> OBJECTIVE_KEYS = List.of("name", "type", "target", "threshold");
  private static final Pattern NAME = Pattern.compile("^[a-z][a-z0-9_.-]{0,63}$");
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

  private final Problems problems;

  SloReader(Problems problems) {
    this.problems = problems;
  }

  Slo read(Node node) {
    Fields f = Fields.read(node, "slo", KEYS, List.of("objectives"), problems);
    Slo.Period period =
        f.choice("period", List.of("28d", "30d"))
            .map(p -> p.equals("28d") ? Slo.Period.DAYS_28 : Slo.Period.DAYS_30)
            .orElse(Slo.Period.DAYS_30);
    int minRuns =
        f.integer("min_runs")
            .filter(
                n -> {
                  if (n >= 1 && n <= 1_000_000) {
                    return true;
                  }
                  problems.add(f.node("min_runs").get(), "slo key 'min_runs' must be 1 to 1000000");
                  return false;
                })
            .map(Long::intValue)
            .orElse(Slo.DEFAULT_MIN_RUNS);
    List<SloObjective> objectives = f.node("objectives").map(this::objectives).orElse(List.of());
    return new Slo(period, minRuns, objectives);
  }

  private List<SloObjective> objectives(Node node) {
    if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
      problems.add(node, "slo key 'objectives' must be a list of at least one objective");
      return List.of();
    }
    List<SloObjective> objectives = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node item : seq.getValue()) {
      Fields o =
          Fields.read(
              item, "slo objective", OBJECTIVE_KEYS, List.of("name", "type", "target"), problems);
      Optional<String> name = o.string("name").filter(n -> validName(n, o.node("name").get()));
      name.filter(n -> !names.add(n))
          .ifPresent(n -> problems.add(o.node("name").get(), "slo objective '" + n + "' twice"));
      Optional<String> type = o.choice("type", List.of("success_ratio", "duration"));
      Optional<BigDecimal> target = target(o);
      Optional<Long> threshold = threshold(o, type);
      if (name.isEmpty() || type.isEmpty() || target.isEmpty()) {
        continue;
      }
      if (type.get().equals("success_ratio")) {
        objectives.add(new SloObjective.SuccessRatio(name.get(), target.get()));
      } else {
        threshold.ifPresent(
            t -> objectives.add(new SloObjective.DurationUnder(name.get(), t, target.get())));
      }
    }
    return objectives;
  }

  private boolean validName(String name, Node at) {
    if (NAME.matcher(name).matches()) {
      return true;
    }
    problems.add(
        at,
        "invalid slo objective name '"
            + name
            + "': use lower-case letters, digits, '_', '.' and '-', starting with a letter (at"
            + " most 64)");
    return false;
  }

  private Optional<BigDecimal> target(Fields o) {
    return o.number("target")
        .map(n -> new BigDecimal(((ScalarNode) o.node("target").get()).getValue()))
        .filter(
            t -> {
              if (t.signum() > 0 && t.compareTo(HUNDRED) < 0) {
                return true;
              }
              problems.add(
                  o.node("target").get(),
                  "slo objective key 'target' is a percentage above 0 and below 100, not " + t);
              return false;
            });
  }

  /** A duration objective's threshold in whole seconds; it must be a histogram bucket. */
  private Optional<Long> threshold(Fields o, Optional<String> type) {
    Optional<Node> at = o.node("threshold");
    if (type.isEmpty()) {
      return Optional.empty();
    }
    if (type.get().equals("success_ratio")) {
      at.ifPresent(
          n -> problems.add(n, "slo objective key 'threshold' applies to type duration only"));
      return Optional.empty();
    }
    if (at.isEmpty()) {
      problems.add(o.at(), "slo objective of type duration is missing required key 'threshold'");
      return Optional.empty();
    }
    Optional<Duration> threshold = o.duration("threshold");
    return threshold
        .filter(
            d -> {
              if (d.toMillis() % 1000 == 0
                  && Slo.DURATION_BUCKETS_SECONDS.contains(d.toSeconds())) {
                return true;
              }
              problems.add(
                  at.get(),
                  "slo objective threshold "
                      + ((ScalarNode) at.get()).getValue()
                      + " is not a bucket of dag_workflow_execution_duration_seconds; use one of "
                      + Slo.DURATION_BUCKETS_SECONDS.stream()
                          .map(s -> s + "s")
                          .collect(Collectors.joining(", ")));
              return false;
            })
        .map(Duration::toSeconds);
  }
}
