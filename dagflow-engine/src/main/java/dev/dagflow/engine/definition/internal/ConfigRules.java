package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.expression.Expressions;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * The config keys of the built-in node types (docs/workflows.md). {@code phase} and {@code
 * approval} pass the rest of their config to handlers, and types added by embedders are not
 * checked. A string holding a {@code ${…}} template stands in for any scalar, since its type is
 * known only when it is rendered.
 */
final class ConfigRules {
  private static final List<String> HTTP_METHODS =
      List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");

  private static final String SHELL_STRING_TEMPLATE =
      "a shell command given as one string may not hold ${…} templates: pass values through env"
          + " (env: {NAME: \"${params.x}\"}, then \"$NAME\" in the command) or give the command"
          + " as a list of arguments; write $${VAR} or $VAR for a shell variable";

  private ConfigRules() {}

  /** Checks the config of a node of this type; {@code config} is null when absent. */
  static void check(String type, Node config, Node nodeAt, Problems problems) {
    switch (type) {
      case "noop" -> closed(type, config, List.of(), List.of(), problems);
      case "mock" ->
          mock(
              closed(
                  type,
                  config,
                  List.of(
                      "duration", "output", "quality_score", "artifacts", "fail", "fail_attempts"),
                  List.of(),
                  problems),
              problems);
      case "shell" -> {
        if (requireConfig(type, config, "command", nodeAt, problems)) {
          shell(
              closed(
                  type, config, List.of("command", "env", "workdir"), List.of("command"), problems),
              problems);
        }
      }
      case "http" -> {
        if (requireConfig(type, config, "url", nodeAt, problems)) {
          http(
              closed(
                  type,
                  config,
                  List.of("method", "url", "headers", "body", "expect_status"),
                  List.of("url"),
                  problems),
              problems);
        }
      }
      case "phase" -> {
        if (requireConfig(type, config, "handler", nodeAt, problems)) {
          phase((MappingNode) config, problems);
        }
      }
      case "workflow" -> {
        if (requireConfig(type, config, "workflow_id", nodeAt, problems)) {
          workflow(
              closed(
                  type,
                  config,
                  List.of("workflow_id", "version", "params"),
                  List.of("workflow_id"),
                  problems),
              problems);
        }
      }
      default -> {
        // approval and embedder types read their own config
      }
    }
  }

  private static boolean requireConfig(
      String type, Node config, String key, Node nodeAt, Problems problems) {
    if (config == null) {
      problems.add(nodeAt, "a " + type + " node needs config." + key);
      return false;
    }
    if (!(config instanceof MappingNode)) {
      problems.add(config, "config must be a mapping");
      return false;
    }
    return true;
  }

  private static Fields closed(
      String type, Node config, List<String> allowed, List<String> required, Problems problems) {
    if (config == null) {
      config = new MappingNode(Tag.MAP, List.of(), org.snakeyaml.engine.v2.common.FlowStyle.FLOW);
    }
    return Fields.read(config, type + " config", allowed, required, problems);
  }

  private static void mock(Fields f, Problems problems) {
    untemplated(f, "duration").ifPresent(n -> f.duration("duration"));
    untemplated(f, "quality_score").ifPresent(n -> score(f, "quality_score", problems));
    untemplated(f, "fail_attempts").ifPresent(n -> nonNegative(f, "fail_attempts", problems));
    f.node("fail")
        .filter(
            n ->
                !(n instanceof ScalarNode s
                    && (s.getTag().equals(Tag.BOOL) || s.getTag().equals(Tag.STR))))
        .ifPresent(n -> problems.add(n, "mock config key 'fail' must be true, false or a message"));
    f.node("artifacts").ifPresent(n -> artifacts(n, problems));
  }

  private static void artifacts(Node node, Problems problems) {
    if (!(node instanceof SequenceNode list)) {
      problems.add(
          node,
          "mock config key 'artifacts' must be a list of {type, name, size_bytes, path, uri}");
      return;
    }
    for (Node item : list.getValue()) {
      Fields a =
          Fields.read(
              item,
              "artifact",
              List.of("type", "name", "size_bytes", "path", "uri"),
              List.of("type"),
              problems);
      a.string("type");
      a.string("name");
      a.string("path");
      a.string("uri");
      untemplated(a, "size_bytes").ifPresent(n -> nonNegative(a, "size_bytes", problems));
    }
  }

  private static void shell(Fields f, Problems problems) {
    f.node("command")
        .ifPresent(
            command -> {
              switch (command) {
                case ScalarNode s when Expressions.hasTemplates(s.getValue()) ->
                    problems.add(s, SHELL_STRING_TEMPLATE);
                case ScalarNode s -> {}
                case SequenceNode seq when seq.getValue().isEmpty() ->
                    problems.add(seq, "shell config key 'command' must not be an empty list");
                case SequenceNode seq ->
                    seq.getValue().stream()
                        .filter(arg -> !(arg instanceof ScalarNode))
                        .forEach(
                            arg ->
                                problems.add(arg, "each command argument must be a single value"));
                default ->
                    problems.add(command, "shell config key 'command' must be a string or a list");
              }
            });
    f.node("env").ifPresent(env -> scalarMap(env, "shell config key 'env'", problems));
    f.string("workdir");
  }

  private static void http(Fields f, Problems problems) {
    f.string("url");
    f.string("method")
        .filter(m -> !Expressions.hasTemplates(m))
        .filter(m -> !HTTP_METHODS.contains(m.toUpperCase(java.util.Locale.ROOT)))
        .ifPresent(
            m ->
                problems.add(
                    f.node("method").orElseThrow(),
                    "http config key 'method' must be one of "
                        + String.join(", ", HTTP_METHODS)
                        + ", not '"
                        + m
                        + "'"));
    f.node("headers").ifPresent(h -> scalarMap(h, "http config key 'headers'", problems));
    f.node("expect_status")
        .ifPresent(
            status -> {
              List<Node> codes =
                  status instanceof SequenceNode seq ? seq.getValue() : List.of(status);
              for (Node code : codes) {
                boolean ok =
                    code instanceof ScalarNode s
                        && (Expressions.hasTemplates(s.getValue())
                            || (YamlDocument.scalar(s) instanceof Long l && l >= 100 && l <= 599));
                if (!ok) {
                  problems.add(
                      code,
                      "http config key 'expect_status' must be a status code (100-599)"
                          + " or a list of them");
                }
              }
            });
  }

  /** The child's id and version are fixed (so registration can follow them); params may vary. */
  private static void workflow(Fields f, Problems problems) {
    f.node("workflow_id")
        .ifPresent(
            n -> {
              if (!(n instanceof ScalarNode s
                  && s.getTag().equals(Tag.STR)
                  && s.getValue().matches("^[a-z][a-z0-9_.-]{0,63}$"))) {
                problems.add(
                    n, "workflow config key 'workflow_id' must be a workflow id (no templates)");
              }
            });
    f.integer("version")
        .filter(v -> v < 1)
        .ifPresent(
            v ->
                problems.add(
                    f.node("version").get(), "workflow config key 'version' must be 1 or more"));
    f.node("params")
        .filter(n -> !(n instanceof MappingNode))
        .ifPresent(
            n ->
                problems.add(
                    n, "workflow config key 'params' must be a mapping of param names to values"));
  }

  private static void phase(MappingNode config, Problems problems) {
    for (YamlDocument.Entry entry : YamlDocument.entries(config, problems)) {
      if (entry.key().equals("handler")
          && !(entry.value() instanceof ScalarNode s && s.getTag().equals(Tag.STR))) {
        problems.add(entry.value(), "phase config key 'handler' must name a registered handler");
      }
    }
  }

  private static void scalarMap(Node node, String what, Problems problems) {
    if (!(node instanceof MappingNode mapping)) {
      problems.add(node, what + " must be a mapping of names to values");
      return;
    }
    for (YamlDocument.Entry entry : YamlDocument.entries(mapping, problems)) {
      if (!(entry.value() instanceof ScalarNode)) {
        problems.add(entry.value(), what + ": '" + entry.key() + "' must be a single value");
      }
    }
  }

  private static Optional<Node> untemplated(Fields f, String key) {
    return f.node(key)
        .filter(n -> !(n instanceof ScalarNode s && Expressions.hasTemplates(s.getValue())));
  }

  private static void score(Fields f, String key, Problems problems) {
    f.number(key)
        .filter(v -> v < 0 || v > 1)
        .ifPresent(
            v ->
                problems.add(f.node(key).get(), "'" + key + "' must be between 0 and 1, not " + v));
  }

  private static void nonNegative(Fields f, String key, Problems problems) {
    f.integer(key)
        .filter(v -> v < 0)
        .ifPresent(v -> problems.add(f.node(key).get(), "'" + key + "' must not be negative"));
  }
}
