package dev.dagflow.engine.runtime.internal;

import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.error.WorkflowNotFoundException;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed definitions by workflow id and version. A version's source never changes, so a parse is
 * cached; any instance can rebuild it from the store. The cache holds at most one graph per MB of
 * heap (64 to 10,000): every re-registration adds a version, and a server that lives for months
 * must not keep them all.
 */
public final class Definitions {
  static final int MAX_CACHED =
      (int) Math.clamp(Runtime.getRuntime().maxMemory() / (1024 * 1024), 64, 10_000);

  private final Store store;
  private final DefinitionParser parser;
  private final ConcurrentHashMap<String, Graph> byVersion = new ConcurrentHashMap<>();

  public Definitions(Store store, DefinitionParser parser) {
    this.store = store;
    this.parser = parser;
  }

  public DefinitionParser parser() {
    return parser;
  }

  /** The graph of a stored version (parsed once). */
  public Graph get(String workflowId, int version) {
    Graph cached = byVersion.get(workflowId + "@" + version);
    if (cached != null) {
      return cached;
    }
    StoredWorkflow stored =
        store
            .read(s -> s.findWorkflow(workflowId, version))
            .orElseThrow(() -> new WorkflowNotFoundException(workflowId + " v" + version));
    return of(stored);
  }

  /** Parses (or takes from the cache) a stored workflow. */
  public Graph of(StoredWorkflow stored) {
    String key = stored.id() + "@" + stored.version();
    Graph cached = byVersion.get(key);
    if (cached != null) {
      return cached;
    }
    Graph graph = Graph.of(parser.parse(stored.source(), stored.id()), stored.version());
    makeRoom();
    Graph raced = byVersion.putIfAbsent(key, graph);
    return raced == null ? graph : raced;
  }

  /** Remembers a definition just parsed, so its first run needs no second parse. */
  public void remember(StoredWorkflow stored, Graph graph) {
    makeRoom();
    byVersion.putIfAbsent(stored.id() + "@" + stored.version(), graph);
  }

  /** How many parsed versions are cached now. */
  int cached() {
    return byVersion.size();
  }

  private void makeRoom() {
    if (byVersion.size() >= MAX_CACHED) {
      // a backstop, not an eviction policy: the versions in use are parsed again on demand
      byVersion.clear();
    }
  }
}
