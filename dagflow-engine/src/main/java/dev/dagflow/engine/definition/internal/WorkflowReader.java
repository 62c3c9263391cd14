package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.contract.ContractValidator;
import dev.dagflow.engine.definition.FailurePolicy;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.ParamSpec;
import dev.dagflow.engine.definition.ScheduleSpec;
import dev.dagflow.engine.definition.Slo;
import dev.dagflow.engine.definition.SubflowResolver;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.InvalidDefinitionException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Reads and validates a whole definition: size limit, syntax, workflow keys, params, each node, the
 * graph, then expressions. Collects every problem and throws them together.
 */
public final class WorkflowReader {
  private static final List<String> KEYS =
      List.of(
          "id",
          "description",
          "params",
          "timeout",
          "on_failure",
          "retention",
          "schedules",
          "nodes",
          "slo");
  private static final List<String> PARAM_KEYS =
      List.of("type", "required", "default", "description");
  private static final Pattern PARAM_NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_]{0,63}$");

  private final Set<String> knownTypes;
  private final Set<String> builtInTypes;
  private final int maxNodes;
  private final int maxBytes;
  private final ContractValidator contracts;

  public WorkflowReader(
      Set<String> knownTypes,
      Set<String> builtInTypes,
      int maxNodes,
      int maxBytes,
      ContractValidator contracts) {
    this.knownTypes = knownTypes;
    this.builtInTypes = builtInTypes;
    this.maxNodes = maxNodes;
    this.maxBytes = maxBytes;
    this.contracts = contracts;
  }

  /** The validated definition; throws {@link InvalidDefinitionException} with every problem. */
  public WorkflowDefinition read(String source, String file) {
    return read(source, file, SubflowResolver.NONE);
  }

  /** Same, following {@code workflow} nodes through {@code subflows} (cycles, depth). */
  public WorkflowDefinition read(String source, String file, SubflowResolver subflows) {
    Problems problems = new Problems(file);
    long bytes = source.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > maxBytes) {
      problems.add(
          1,
          1,
          "definition is "
              + bytes
              + " bytes, over the limit of "
              + maxBytes
              + " bytes ("
              + ParamTypes.humanBytes(maxBytes)
              + ")");
      throw new InvalidDefinitionException(problems.sorted());
    }
    Optional<Node> root = YamlDocument.compose(source, file, problems);
    if (root.isEmpty()) {
      if (problems.isEmpty()) {
        problems.add(1, 1, "empty definition: expected a mapping with keys id and nodes");
      }
      throw new InvalidDefinitionException(problems.sorted());
    }
    try {
      WorkflowDefinition definition = read(root.get(), source, subflows, problems);
      if (!problems.isEmpty()) {
        throw new InvalidDefinitionException(problems.sorted());
      }
      return definition;
    } catch (StackOverflowError e) {
      problems.add(1, 1, "definition is nested too deeply");
      throw new InvalidDefinitionException(problems.sorted());
    }
  }

  private WorkflowDefinition read(
      Node root, String source, SubflowResolver subflows, Problems problems) {
    Fields f = Fields.read(root, "workflow", KEYS, List.of("id", "nodes"), problems);
    NodeReader nodeReader = new NodeReader(knownTypes, builtInTypes, contracts, problems);
    Optional<String> id = f.string("id").filter(v -> nodeReader.validId(v, f.node("id").get()));
    Optional<String> description = f.string("description");
    Map<String, ParamSpec> params = f.node("params").map(n -> params(n, problems)).orElse(Map.of());
    Optional<Duration> timeout =
        f.duration("timeout")
            .filter(
                d -> {
                  if (d.isPositive()) {
                    return true;
                  }
                  problems.add(f.node("timeout").get(), "'timeout' must be longer than zero");
                  return false;
                });
    Optional<Duration> retention = f.retention("retention");
    FailurePolicy onFailure =
        f.choice("on_failure", List.of("fail_fast", "continue"))
            .map(v -> v.equals("continue") ? FailurePolicy.CONTINUE : FailurePolicy.FAIL_FAST)
            .orElse(FailurePolicy.FAIL_FAST);
    ScheduleReader scheduleReader = new ScheduleReader(problems);
    List<ScheduleSpec> schedules = f.node("schedules").map(scheduleReader::read).orElse(List.of());
    Slo slo = f.node("slo").map(n -> new SloReader(problems).read(n)).orElse(null);
    List<NodeSource> nodes =
        f.node("nodes").map(n -> nodes(n, nodeReader, problems)).orElse(List.of());
    if (f.node("nodes").isEmpty()) {
      return null; // already reported as missing
    }
    GraphCheck.Graph graph = GraphCheck.check(nodes, problems);
    ExpressionCheck expressions = new ExpressionCheck(params.keySet(), graph, problems);
    graph.byId().values().forEach(expressions::check);
    List<NodeDefinition> definitions = nodes.stream().map(NodeSource::definition).toList();
    WorkflowDefinition definition =
        new WorkflowDefinition(
            id.orElse(""),
            description.orElse(null),
            params,
            timeout.orElse(null),
            onFailure,
            definitions,
            schedules,
            slo,
            source,
            retention.orElse(null));
    scheduleReader.checkParams(definition);
    new SubflowCheck(subflows, problems).check(definition, nodes);
    return definition;
  }

  private List<NodeSource> nodes(Node node, NodeReader reader, Problems problems) {
    if (!(node instanceof SequenceNode seq)) {
      problems.add(node, "nodes must be a list of nodes");
      return List.of();
    }
    if (seq.getValue().isEmpty()) {
      problems.add(node, "nodes must list at least one node");
      return List.of();
    }
    if (seq.getValue().size() > maxNodes) {
      problems.add(
          node,
          "workflow has "
              + seq.getValue().size()
              + " nodes, over the limit of "
              + maxNodes
              + " nodes per workflow");
      return List.of();
    }
    List<NodeSource> nodes = new ArrayList<>(seq.getValue().size());
    for (Node item : seq.getValue()) {
      reader.read(item).ifPresent(nodes::add);
    }
    return nodes;
  }

  private Map<String, ParamSpec> params(Node node, Problems problems) {
    if (!(node instanceof MappingNode mapping)) {
      problems.add(node, "params must be a mapping of names to {type, required, default}");
      return Map.of();
    }
    Map<String, ParamSpec> params = new LinkedHashMap<>();
    for (YamlDocument.Entry entry : YamlDocument.entries(mapping, problems)) {
      String name = entry.key();
      if (!PARAM_NAME.matcher(name).matches()) {
        problems.add(
            entry.keyNode(),
            "invalid param name '"
                + name
                + "': use letters, digits"
                + " and '_', starting with a letter or '_' (at most 64)");
      }
      Fields spec =
          Fields.read(entry.value(), "param '" + name + "'", PARAM_KEYS, List.of("type"), problems);
      Optional<String> type = spec.choice("type", ParamTypes.TYPES);
      boolean required = spec.bool("required").orElse(false);
      spec.string("description");
      Object defaultValue =
          spec.node("default")
              .map(d -> YamlDocument.plain(d, problems, (text, at) -> {}))
              .orElse(null);
      if (defaultValue != null
          && type.isPresent()
          && !ParamTypes.matches(type.get(), defaultValue)) {
        problems.add(
            spec.node("default").get(),
            "default of param '" + name + "' must be " + ParamTypes.article(type.get()));
      }
      params.put(name, new ParamSpec(name, type.orElse("string"), required, defaultValue));
    }
    return java.util.Collections.unmodifiableMap(params);
  }
}
