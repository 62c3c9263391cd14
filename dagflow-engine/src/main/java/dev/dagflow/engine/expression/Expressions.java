package dev.dagflow.engine.expression;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.dagflow.engine.expression.internal.CelReferences;
import dev.dagflow.engine.expression.internal.CelValues;
import dev.dagflow.engine.expression.internal.TemplateText;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * CEL conditions ({@code when}) and {@code ${…}} templates in node config. Expressions see four
 * variables, each a map: {@code params}, {@code nodes} ({@code nodes.<id>.output}, {@code
 * nodes.<id>.status}), {@code run} ({@code run.id}) and {@code workflow} ({@code workflow.id});
 * inside a mapped node also {@code item} (the element) and {@code index} (its position, from 0).
 * Each expression is compiled once and its program cached; values are plain Java (String, Long,
 * Double, Boolean, Map, List, null; Integer and Jackson nodes are accepted too).
 *
 * <pre>{@code
 * Map<String, Object> vars = Map.of("params", Map.of("count", 3L));
 * Expressions.evaluateCondition("params.count > 2", vars);              // -> true
 * Expressions.renderTemplates("n=${params.count}", vars);               // -> "n=3"
 * Expressions.renderTemplates("${params.count}", vars);                 // -> 3L (type kept)
 * Expressions.renderTemplates(Map.of("args", List.of("${params.count + 1}")), vars);
 * }</pre>
 */
public final class Expressions {
  /** The variables every expression may use. */
  public static final Set<String> VARIABLES =
      Set.of("params", "nodes", "run", "workflow", "item", "index");

  private static final int MAX_CACHED = 20_000;
  private static final Cel CEL = buildCel();
  private static final Map<String, Compiled> CACHE = new ConcurrentHashMap<>();

  private record Compiled(CelAbstractSyntaxTree ast, CelRuntime.Program program) {}

  /**
   * Which params and nodes an expression names literally ({@code params.x}, {@code nodes['y']}).
   */
  public record References(Set<String> params, Set<String> nodes) {}

  private Expressions() {}

  /** Evaluates a condition; it must yield a bool. Throws {@link ExpressionException}. */
  public static boolean evaluateCondition(String cel, Map<String, Object> vars) {
    Object value = evaluate(cel, vars);
    if (value instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        "condition '" + cel + "' must evaluate to a bool, got " + describe(value));
  }

  /** Evaluates one expression to a plain Java value. Throws {@link ExpressionException}. */
  public static Object evaluate(String cel, Map<String, Object> vars) {
    Compiled compiled = compile(cel);
    Object result;
    try {
      result = compiled.program().eval(celVariables(vars));
    } catch (CelEvaluationException e) {
      throw new ExpressionException("expression '" + cel + "' failed: " + reason(e), e);
    }
    return CelValues.fromCel(result, cel);
  }

  /**
   * Renders every {@code ${…}} in the strings of a config value (maps and lists are walked; keys
   * are kept). A string that is exactly one {@code ${expr}} becomes the expression's value with its
   * type; elsewhere values are spliced in as text (strings as they are, the rest as JSON). {@code
   * $${} writes a literal {@code ${}.
   */
  public static Object renderTemplates(Object configValue, Map<String, Object> vars) {
    return switch (configValue) {
      case String text -> renderString(text, vars);
      case Map<?, ?> map -> {
        Map<Object, Object> rendered = LinkedHashMap.newLinkedHashMap(map.size());
        map.forEach((k, v) -> rendered.put(k, renderTemplates(v, vars)));
        yield rendered;
      }
      case List<?> list -> {
        List<Object> rendered = new ArrayList<>(list.size());
        list.forEach(v -> rendered.add(renderTemplates(v, vars)));
        yield rendered;
      }
      case null -> null;
      default -> configValue;
    };
  }

  /** True when this text holds a {@code ${…}} template. */
  public static boolean hasTemplates(String text) {
    return TemplateText.hasTemplates(text);
  }

  /** The expressions of the templates in this text; throws for an unclosed or empty one. */
  public static List<String> templateExpressions(String text) {
    return TemplateText.parse(text).stream()
        .filter(TemplateText.Expr.class::isInstance)
        .map(p -> ((TemplateText.Expr) p).cel())
        .toList();
  }

  /** Why this expression does not compile, if it does not. */
  public static Optional<String> findProblem(String cel) {
    try {
      compile(cel);
      return Optional.empty();
    } catch (ExpressionException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** Why this condition does not compile or cannot yield a bool, if so. */
  public static Optional<String> findConditionProblem(String cel) {
    Optional<String> problem = findProblem(cel);
    if (problem.isPresent()) {
      return problem;
    }
    CelKind kind = compile(cel).ast().getResultType().kind();
    if (kind == CelKind.BOOL || kind == CelKind.DYN || kind == CelKind.ANY) {
      return Optional.empty();
    }
    return Optional.of(
        "condition '"
            + cel
            + "' must be a bool expression, it yields "
            + compile(cel).ast().getResultType().name());
  }

  /** The params and nodes a compiling expression names literally. */
  public static References references(String cel) {
    return CelReferences.of(compile(cel).ast());
  }

  private static Object renderString(String text, Map<String, Object> vars) {
    if (!TemplateText.hasTemplates(text)) {
      return text.contains("$${") ? text.replace("$${", "${") : text;
    }
    List<TemplateText.Part> parts = TemplateText.parse(text);
    if (parts.size() == 1 && parts.getFirst() instanceof TemplateText.Expr(String cel)) {
      return evaluate(cel, vars);
    }
    StringBuilder rendered = new StringBuilder();
    for (TemplateText.Part part : parts) {
      switch (part) {
        case TemplateText.Literal(String literal) -> rendered.append(literal);
        case TemplateText.Expr(String cel) -> rendered.append(CelValues.text(evaluate(cel, vars)));
      }
    }
    return rendered.toString();
  }

  private static Compiled compile(String cel) {
    Compiled cached = CACHE.get(cel);
    if (cached != null) {
      return cached;
    }
    try {
      CelAbstractSyntaxTree ast = CEL.compile(cel).getAst();
      Compiled compiled = new Compiled(ast, CEL.createProgram(ast));
      if (CACHE.size() >= MAX_CACHED) {
        // Expressions come from registered definitions, so the set is small; clearing is a
        // backstop against unbounded growth, not an eviction policy worth tuning.
        CACHE.clear();
      }
      CACHE.put(cel, compiled);
      return compiled;
    } catch (CelValidationException e) {
      throw new ExpressionException("invalid expression '" + cel + "': " + issues(e), e);
    } catch (CelEvaluationException e) {
      throw new ExpressionException("invalid expression '" + cel + "': " + reason(e), e);
    }
  }

  private static Map<String, Object> celVariables(Map<String, Object> vars) {
    Map<String, Object> cel = HashMap.newHashMap(VARIABLES.size());
    for (String name : VARIABLES) {
      Object value = vars == null ? null : vars.get(name);
      cel.put(name, value == null ? Map.of() : CelValues.toCel(value));
    }
    return cel;
  }

  private static String issues(CelValidationException e) {
    List<String> messages = new ArrayList<>();
    for (CelIssue issue : e.getErrors()) {
      String message = issue.getMessage();
      int candidates = message.indexOf(" (candidates:");
      if (candidates > 0) {
        message = message.substring(0, candidates);
      }
      messages.add(message + " at column " + (issue.getSourceLocation().getColumn() + 1));
    }
    return String.join("; ", messages);
  }

  private static String reason(Exception e) {
    String message = String.valueOf(e.getMessage());
    return message.replaceFirst("^evaluation error( at <input>:\\d+)?: ", "");
  }

  private static String describe(Object value) {
    return switch (value) {
      case null -> "null";
      case String s -> "string '" + s + "'";
      case Long l -> "int " + l;
      case Double d -> "double " + d;
      case Map<?, ?> m -> "map " + CelValues.text(m);
      case List<?> l -> "list " + CelValues.text(l);
      default -> value.getClass().getSimpleName() + " " + value;
    };
  }

  private static Cel buildCel() {
    return CelFactory.standardCelBuilder()
        .setOptions(CelOptions.current().enableHeterogeneousNumericComparisons(true).build())
        .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
        .addCompilerLibraries(CelExtensions.strings())
        .addRuntimeLibraries(CelExtensions.strings())
        .addVar("params", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .addVar("nodes", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .addVar("run", MapType.create(SimpleType.STRING, SimpleType.DYN))
        .addVar("workflow", MapType.create(SimpleType.STRING, SimpleType.DYN))
        // a mapped node's element and its position (an empty map elsewhere)
        .addVar("item", SimpleType.DYN)
        .addVar("index", SimpleType.DYN)
        .build();
  }
}
