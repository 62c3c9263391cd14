package dev.dagflow.engine.node;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The node types an engine knows, by name: the ones found by {@link ServiceLoader} and the ones
 * added to the builder (a later registration of a name replaces an earlier one).
 *
 * <pre>{@code
 * NodeTypes types = NodeTypes.builder().loadServices().add(new EchoExecutor()).build();
 * types.get("echo").execute(ctx);
 * }</pre>
 */
public final class NodeTypes {
  private final Map<String, NodeExecutor> byType;

  private NodeTypes(Map<String, NodeExecutor> byType) {
    this.byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
  }

  public static Builder builder() {
    return new Builder();
  }

  public Optional<NodeExecutor> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The executor of a type; throws when the type is unknown. */
  public NodeExecutor get(String type) {
    return find(type)
        .orElseThrow(() -> new IllegalArgumentException("unknown node type '" + type + "'"));
  }

  /** Every known type name, in registration order. */
  public Set<String> types() {
    return byType.keySet();
  }

  /** Collects executors; {@link #build()} checks that each has a name. */
  public static final class Builder {
    private final Map<String, NodeExecutor> byType = new LinkedHashMap<>();

    private Builder() {}

    /** Adds every {@link NodeExecutor} on the class path ({@code META-INF/services}). */
    public Builder loadServices() {
      ServiceLoader.load(NodeExecutor.class).forEach(this::add);
      return this;
    }

    public Builder add(NodeExecutor executor) {
      byType.put(executor.type(), executor);
      return this;
    }

    public NodeTypes build() {
      for (Map.Entry<String, NodeExecutor> e : byType.entrySet()) {
        if (e.getKey() == null || e.getKey().isBlank()) {
          throw new IllegalStateException(
              "node executor " + e.getValue().getClass().getName() + " has no type name");
        }
      }
      return new NodeTypes(byType);
    }
  }
}
