package dev.dagflow.engine.store;

import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.Page;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The item rows of mapped nodes ({@link dev.dagflow.engine.model.MapItem}) in one transaction. They
 * live in the nodes table, so claims, leases and fenced completions treat them as nodes; the node
 * reads of {@link StoreSession} ({@code findNodes(runId)}) leave them out, so a run of 10,000 items
 * reads none of them where only its nodes matter.
 *
 * <pre>{@code
 * Page<NodeRecord> first = tx.mapItems().page(runId, "resize", null, 100);
 * }</pre>
 */
public interface MapItemSession {

  /** Inserts new item rows. */
  void insert(List<NodeRecord> items);

  /** Every item row of a run, of every mapped node. */
  List<NodeRecord> findAll(UUID runId);

  /**
   * One node's items in index order, after the opaque {@code cursor} of a previous page (null for
   * the first).
   */
  Page<NodeRecord> page(UUID runId, String nodeId, String cursor, int limit);

  /** Counts of each mapped node of the run that has items, by node id. */
  Map<String, ItemCounts> counts(UUID runId);
}
