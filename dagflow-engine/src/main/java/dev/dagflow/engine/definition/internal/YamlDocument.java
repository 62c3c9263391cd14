package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.store.StorableText;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.constructor.StandardConstructor;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The YAML (or JSON, which YAML 1.2 reads as flow style) node tree of a definition, with the start
 * mark of every element, and conversions of its parts to plain Java values.
 */
public final class YamlDocument {
  /** One key of a mapping, after merge keys ({@code <<: *anchor}) are applied. */
  public record Entry(String key, Node keyNode, Node value) {}

  private YamlDocument() {}

  /** The document's root node; syntax errors become one problem at their position. */
  public static Optional<Node> compose(String source, String file, Problems problems) {
    boolean json = looksLikeJson(source, file);
    LoadSettings settings =
        LoadSettings.builder()
            .setLabel(file)
            .setSchema(new CoreSchema())
            .setCodePointLimit(Integer.MAX_VALUE)
            .build();
    try {
      Optional<Node> root = new Compose(settings).composeString(source);
      return root.isPresent() && !storable(root.get(), problems) ? Optional.empty() : root;
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      String context = e.getContext() == null ? "" : " (" + e.getContext() + ")";
      String message = (json ? "invalid JSON: " : "invalid YAML: ") + e.getProblem() + context;
      if (mark == null) {
        problems.add(1, 1, message);
      } else {
        problems.add(mark.getLine() + 1, mark.getColumn() + 1, message);
      }
    } catch (YamlEngineException e) {
      problems.add(1, 1, (json ? "invalid JSON: " : "invalid YAML: ") + e.getMessage());
    } catch (StackOverflowError e) {
      problems.add(1, 1, "definition is nested too deeply");
    }
    return Optional.empty();
  }

  /**
   * True when every key and string of the document can be stored unchanged; else each NUL or lone
   * surrogate (written as an escape such as {@code "\0"} or {@code "\ud800"}) is a problem at its
   * scalar. Aliases are visited once.
   */
  private static boolean storable(Node root, Problems problems) {
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> todo = new ArrayDeque<>(List.of(root));
    boolean clean = true;
    while (!todo.isEmpty()) {
      Node node = todo.pop();
      if (!seen.add(node)) {
        continue;
      }
      switch (node) {
        case ScalarNode s -> {
          Optional<String> problem = StorableText.findProblem(s.getValue());
          if (problem.isPresent()) {
            problems.add(s, "text " + problem.get() + " (no store keeps it unchanged)");
            clean = false;
          }
        }
        case SequenceNode seq -> todo.addAll(seq.getValue());
        case MappingNode m ->
            m.getValue()
                .forEach(
                    t -> {
                      todo.add(t.getKeyNode());
                      todo.add(t.getValueNode());
                    });
        default -> {}
      }
    }
    return clean;
  }

  /** True for a {@code .json} file or text that starts with a brace. */
  public static boolean looksLikeJson(String source, String file) {
    return file.endsWith(".json") || source.stripLeading().startsWith("{");
  }

  /**
   * The entries of a mapping in file order, merge keys applied (explicit keys win). A key given
   * twice is a problem at its second occurrence.
   */
  public static List<Entry> entries(MappingNode mapping, Problems problems) {
    Map<String, Entry> byKey = new LinkedHashMap<>();
    List<Entry> merged = new ArrayList<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        mergeInto(merged, tuple.getValueNode(), problems);
        continue;
      }
      String key = keyNode instanceof ScalarNode s ? s.getValue() : "?";
      if (!(keyNode instanceof ScalarNode)) {
        problems.add(keyNode, "keys must be plain strings");
      } else if (byKey.containsKey(key)) {
        problems.add(keyNode, "duplicate key '" + key + "'");
      } else {
        byKey.put(key, new Entry(key, keyNode, tuple.getValueNode()));
      }
    }
    for (Entry entry : merged) {
      byKey.putIfAbsent(entry.key(), entry);
    }
    return List.copyOf(byKey.values());
  }

  private static void mergeInto(List<Entry> merged, Node value, Problems problems) {
    if (value instanceof MappingNode m) {
      merged.addAll(entries(m, problems));
    } else if (value instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) {
        mergeInto(merged, item, problems);
      }
    } else {
      problems.add(value, "a merge key '<<' needs a mapping or a list of mappings");
    }
  }

  /** True for an explicit or implicit YAML null ({@code ~}, {@code null}, nothing). */
  public static boolean isNull(Node node) {
    return node instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
  }

  /** A scalar as Java: String, Long, Double (also for ints past 64 bits), Boolean or null. */
  public static Object scalar(ScalarNode node) {
    Object value = ScalarConstructor.INSTANCE.construct(node);
    return switch (value) {
      case Integer i -> i.longValue();
      case BigInteger b -> b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
      case null -> null;
      default -> value;
    };
  }

  /**
   * The node as plain Java (String, Long, Double, Boolean, Map with String keys, List, null);
   * {@code onString} sees every string scalar with its node, e.g. to check templates.
   */
  public static Object plain(Node node, Problems problems, StringVisitor onString) {
    return switch (node) {
      case ScalarNode s -> {
        Object value = scalar(s);
        if (value instanceof String text) {
          onString.visit(text, s);
        }
        yield value;
      }
      case SequenceNode seq -> {
        List<Object> list = new ArrayList<>(seq.getValue().size());
        for (Node item : seq.getValue()) {
          list.add(plain(item, problems, onString));
        }
        yield java.util.Collections.unmodifiableList(list);
      }
      case MappingNode mapping -> {
        List<Entry> entries = entries(mapping, problems);
        Map<String, Object> map = LinkedHashMap.newLinkedHashMap(entries.size());
        for (Entry entry : entries) {
          map.put(entry.key(), plain(entry.value(), problems, onString));
        }
        yield java.util.Collections.unmodifiableMap(map);
      }
      default -> null;
    };
  }

  /** Sees string scalars while a subtree is converted. */
  @FunctionalInterface
  public interface StringVisitor {
    void visit(String text, ScalarNode at);
  }

  /**
   * Exposes snakeyaml's scalar construction (core schema: ints, floats, bools, null). It calls the
   * tag's constructor directly, skipping the per-document cache, so one instance is shared.
   */
  private static final class ScalarConstructor extends StandardConstructor {
    static final ScalarConstructor INSTANCE = new ScalarConstructor();

    private ScalarConstructor() {
      super(LoadSettings.builder().setSchema(new CoreSchema()).build());
    }

    Object construct(ScalarNode node) {
      try {
        var constructor = findConstructorFor(node);
        return constructor.isPresent() ? constructor.get().construct(node) : node.getValue();
      } catch (YamlEngineException | IllegalArgumentException e) {
        return node.getValue();
      }
    }
  }
}
