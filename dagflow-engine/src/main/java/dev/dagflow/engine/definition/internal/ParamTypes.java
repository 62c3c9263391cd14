package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.ParamSpec;
import dev.dagflow.engine.definition.Problem;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.store.StorableText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The param types of a definition and the checks of a run's params against them. A JSON null counts
 * as absent, so an optional param may be sent as null and gets its default.
 */
public final class ParamTypes {
  /** The declarable types. */
  public static final List<String> TYPES =
      List.of("string", "number", "integer", "boolean", "object", "array");

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private ParamTypes() {}

  /** Every way these params break the definition's declarations; file "params", line 1. */
  public static List<Problem> validate(WorkflowDefinition definition, JsonNode params) {
    List<Problem> problems = new ArrayList<>();
    if (params != null && !params.isNull() && !params.isObject()) {
      problems.add(problem("params must be a JSON object, not " + kind(params)));
      return problems;
    }
    // text no store holds unchanged is refused, never altered (see StorableText)
    StorableText.problems(params, "").forEach(p -> problems.add(problem(p)));
    if (!problems.isEmpty()) {
      return problems;
    }
    Map<String, ParamSpec> specs = definition.params();
    for (ParamSpec spec : specs.values()) {
      JsonNode value = params == null ? null : params.get(spec.name());
      if (value == null || value.isNull()) {
        if (spec.required()) {
          problems.add(
              problem("missing required param '" + spec.name() + "' (" + spec.type() + ")"));
        }
      } else if (!matches(spec.type(), value)) {
        problems.add(
            problem(
                "param '"
                    + spec.name()
                    + "' must be "
                    + article(spec.type())
                    + ", not "
                    + kind(value)));
      }
    }
    if (params != null && params.isObject()) {
      for (String name : params.propertyNames()) {
        if (!specs.containsKey(name)) {
          problems.add(
              problem(
                  "unknown param '"
                      + name
                      + "' ("
                      + (specs.isEmpty()
                          ? "the workflow declares no params"
                          : "declared: " + String.join(", ", new TreeSet<>(specs.keySet())))
                      + ")"));
        }
      }
    }
    return problems;
  }

  /** The params with every absent optional param that has a default filled in. */
  public static ObjectNode applyDefaults(WorkflowDefinition definition, JsonNode params) {
    ObjectNode result =
        params != null && params.isObject()
            ? ((ObjectNode) params).deepCopy()
            : JSON.createObjectNode();
    for (ParamSpec spec : definition.params().values()) {
      JsonNode value = result.get(spec.name());
      if ((value == null || value.isNull()) && spec.defaultValue() != null) {
        // Through text, so a default reads back exactly as the same value sent as JSON would.
        result.set(spec.name(), JSON.readTree(JSON.writeValueAsString(spec.defaultValue())));
      }
    }
    return result;
  }

  static boolean matches(String type, Object plain) {
    return matches(type, JSON.<JsonNode>valueToTree(plain));
  }

  static boolean matches(String type, JsonNode value) {
    return switch (type) {
      case "string" -> value.isString();
      case "number" -> value.isNumber();
      case "integer" ->
          value.isIntegralNumber()
              || (value.isFloatingPointNumber()
                  && value.decimalValue().stripTrailingZeros().scale() <= 0);
      case "boolean" -> value.isBoolean();
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      default -> false;
    };
  }

  static String article(String type) {
    return switch (type) {
      case "integer", "object", "array" -> "an " + type;
      default -> "a " + type;
    };
  }

  static String humanBytes(long bytes) {
    if (bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " bytes";
  }

  private static String kind(JsonNode value) {
    if (value.isString()) {
      return "a string";
    }
    if (value.isNumber()) {
      return "a number (" + value + ")";
    }
    return value.isBoolean()
        ? "a boolean"
        : value.isObject() ? "an object" : value.isArray() ? "an array" : "null";
  }

  private static Problem problem(String message) {
    return new Problem("params", 1, 1, message);
  }
}
