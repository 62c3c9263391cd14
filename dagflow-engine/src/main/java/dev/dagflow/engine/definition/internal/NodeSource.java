package dev.dagflow.engine.definition.internal;

import dev.dagflow.engine.definition.NodeDefinition;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * A node as read from its file, with the positions later checks report at: the graph checks (ids,
 * {@code depends_on}) and the expression checks ({@code when}, templates in config strings, {@code
 * map.over}).
 */
public record NodeSource(
    NodeDefinition definition,
    Node at,
    Node idAt,
    List<Dependency> dependsOn,
    Node whenAt,
    List<TemplateSite> templates,
    Node mapOverAt) {

  /** One {@code depends_on} entry and where it is written. */
  public record Dependency(String id, Node at) {}

  /** A config string holding {@code ${…}} templates and where it is written. */
  public record TemplateSite(String text, ScalarNode at) {}

  public String id() {
    return definition.id();
  }
}
