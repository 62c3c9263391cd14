package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.contract.ContractValidator;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.RetryPolicy;
import dev.dagflow.engine.expression.Expressions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Reads one entry of {@code nodes}, reporting every problem local to it. */
final class NodeReader {
  static final Pattern ID = Pattern.compile("^[a-z][a-z0-9_.-]{0,63}$");
  private static final List<String> KEYS =
      List.of(
          "id",
          "type",
          "name",
          "depends_on",
          "when",
          "retry",
          "timeout",
          "config",
          "contract",
          "quality_gate",
          "map");
  private static final Duration DEFAULT_DELAY = Duration.ofSeconds(1);
  private static final Duration DEFAULT_MAX_DELAY = Duration.ofMinutes(5);

  private final Set<String> knownTypes;
  private final Set<String> builtInTypes;
  private final ContractValidator contracts;
  private final Problems problems;

  NodeReader(
      Set<String> knownTypes,
      Set<String> builtInTypes,
      ContractValidator contracts,
      Problems problems) {
    this.knownTypes = knownTypes;
    this.builtInTypes = builtInTypes;
    this.contracts = contracts;
    this.problems = problems;
  }

  /** The node, or empty when it has no valid id (its other problems are still reported). */
  Optional<NodeSource> read(Node node) {
    Fields f = Fields.read(node, "node", KEYS, List.of("id", "type"), problems);
    Optional<String> id = f.string("id").filter(value -> validId(value, f.node("id").get()));
    Optional<String> type = f.string("type").filter(value -> knownType(value, f));
    Optional<String> name = f.string("name");
    List<NodeSource.Dependency> dependsOn =
        f.node("depends_on").map(this::dependsOn).orElse(List.of());
    Optional<String> when = f.string("when");
    RetryPolicy retry = f.node("retry").map(this::retry).orElse(RetryPolicy.NONE);
    Optional<Duration> timeout = positive(f, "timeout");
    List<NodeSource.TemplateSite> templates = new ArrayList<>();
    Map<String, Object> config = config(f.node("config").orElse(null), templates);
    if (type.isPresent() && builtInTypes.contains(type.get())) {
      ConfigRules.check(type.get(), f.node("config").orElse(null), node, problems);
    }
    Map<String, Object> input = null;
    Map<String, Object> output = null;
    Optional<Node> contract = f.node("contract");
    if (contract.isPresent()) {
      Fields c =
          Fields.read(contract.get(), "contract", List.of("input", "output"), List.of(), problems);
      input = c.node("input").map(n -> schema(n, "input")).orElse(null);
      output = c.node("output").map(n -> schema(n, "output")).orElse(null);
    }
    Double minScore = f.node("quality_gate").map(this::minScore).orElse(null);
    Optional<MapReader.Read> map = f.node("map").flatMap(m -> MapReader.read(m, problems));
    if (id.isEmpty()) {
      return Optional.empty();
    }
    NodeDefinition definition =
        new NodeDefinition(
            id.get(),
            type.orElse(""),
            name.orElse(id.get()),
            dependsOn.stream().map(NodeSource.Dependency::id).toList(),
            when.orElse(null),
            retry,
            timeout.orElse(null),
            config,
            input,
            output,
            minScore,
            map.map(MapReader.Read::spec).orElse(null));
    return Optional.of(
        new NodeSource(
            definition,
            node,
            f.node("id").get(),
            dependsOn,
            f.node("when").orElse(null),
            List.copyOf(templates),
            map.map(MapReader.Read::overAt).orElse(null)));
  }

  boolean validId(String value, Node at) {
    if (ID.matcher(value).matches()) {
      return true;
    }
    problems.add(
        at,
        "invalid id '"
            + value
            + "': ids are 1-64 characters of a-z, 0-9, '_', '.',"
            + " '-', starting with a letter (^[a-z][a-z0-9_.-]{0,63}$)");
    return false;
  }

  private boolean knownType(String type, Fields f) {
    if (knownTypes.contains(type)) {
      return true;
    }
    problems.add(
        f.node("type").get(),
        "unknown node type '"
            + type
            + "' (known: "
            + String.join(", ", new TreeSet<>(knownTypes))
            + ")");
    return false;
  }

  private List<NodeSource.Dependency> dependsOn(Node node) {
    List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
    List<NodeSource.Dependency> deps = new ArrayList<>();
    Set<String> seen = new java.util.HashSet<>();
    for (Node item : items) {
      if (!(item instanceof ScalarNode s)) {
        problems.add(item, "depends_on must list node ids");
      } else if (!seen.add(s.getValue())) {
        problems.add(item, "depends_on names '" + s.getValue() + "' twice");
      } else {
        deps.add(new NodeSource.Dependency(s.getValue(), item));
      }
    }
    return List.copyOf(deps);
  }

  private RetryPolicy retry(Node node) {
    Fields r =
        Fields.read(
            node,
            "retry",
            List.of("max_attempts", "backoff", "delay", "max_delay"),
            List.of("max_attempts"),
            problems);
    int attempts =
        r.integer("max_attempts")
            .filter(
                n -> {
                  if (n >= 1 && n <= Integer.MAX_VALUE) {
                    return true;
                  }
                  problems.add(
                      r.node("max_attempts").get(),
                      n < 1
                          ? "retry key 'max_attempts' must be at least 1"
                          : "retry key 'max_attempts' must be at most " + Integer.MAX_VALUE);
                  return false;
                })
            .map(Long::intValue)
            .orElse(1);
    RetryPolicy.Backoff backoff =
        r.choice("backoff", List.of("fixed", "exponential"))
            .map(
                b ->
                    b.equals("fixed") ? RetryPolicy.Backoff.FIXED : RetryPolicy.Backoff.EXPONENTIAL)
            .orElse(RetryPolicy.Backoff.EXPONENTIAL);
    Duration delay = r.duration("delay").orElse(DEFAULT_DELAY);
    Optional<Duration> maxDelay = r.duration("max_delay");
    if (maxDelay.isPresent() && maxDelay.get().compareTo(delay) < 0) {
      problems.add(r.node("max_delay").get(), "retry key 'max_delay' must not be less than delay");
    }
    Duration cap =
        maxDelay.orElse(
            backoff == RetryPolicy.Backoff.FIXED
                ? delay
                : (delay.compareTo(DEFAULT_MAX_DELAY) > 0 ? delay : DEFAULT_MAX_DELAY));
    return new RetryPolicy(attempts, backoff, delay, cap);
  }

  private Optional<Duration> positive(Fields f, String key) {
    return f.duration(key)
        .filter(
            d -> {
              if (d.isPositive()) {
                return true;
              }
              problems.add(f.node(key).get(), "'" + key + "' must be longer than zero");
              return false;
            });
  }

  private Map<String, Object> config(Node node, List<NodeSource.TemplateSite> templates) {
    if (node == null) {
      return Map.of();
    }
    if (!(node instanceof MappingNode)) {
      problems.add(node, "config must be a mapping");
      return Map.of();
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> config =
        (Map<String, Object>)
            YamlDocument.plain(
                node,
                problems,
                (text, at) -> {
                  if (Expressions.hasTemplates(text)) {
                    templates.add(new NodeSource.TemplateSite(text, at));
                  }
                });
    return config;
  }

  private Map<String, Object> schema(Node node, String which) {
    if (!(node instanceof MappingNode)) {
      problems.add(node, "contract." + which + " must be a JSON Schema object (a mapping)");
      return null;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> schema =
        (Map<String, Object>) YamlDocument.plain(node, problems, (text, at) -> {});
    List<String> schemaProblems = contracts.findProblems(schema);
    if (!schemaProblems.isEmpty()) {
      problems.add(
          node,
          "contract."
              + which
              + " is not a valid JSON Schema (draft 2020-12): "
              + String.join("; ", schemaProblems));
    }
    return schema;
  }

  private Double minScore(Node node) {
    Fields q =
        Fields.read(node, "quality_gate", List.of("min_score"), List.of("min_score"), problems);
    return q.number("min_score")
        .filter(
            score -> {
              if (score >= 0 && score <= 1) {
                return true;
              }
              problems.add(
                  q.node("min_score").get(),
                  "quality_gate key 'min_score' must be between 0 and" + " 1, not " + score);
              return false;
            })
        .orElse(null);
  }
}
