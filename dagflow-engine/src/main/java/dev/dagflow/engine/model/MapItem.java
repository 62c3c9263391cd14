package dev.dagflow.engine.model;

import java.util.Optional;

/**
 * One item of a mapped node. Its row lives beside the node rows under the id {@code
 * <node>[<index>]}, which no node id can take ({@code [} is not allowed in ids), so items are
 * claimed, leased, fenced and retried by the same machinery as nodes.
 *
 * <pre>{@code
 * new MapItem("resize", 3).id()          // -> "resize[3]"
 * MapItem.find("resize[3]")              // -> Optional[MapItem[nodeId=resize, index=3]]
 * }</pre>
 */
public record MapItem(String nodeId, int index) {

  /** The row id of this item. */
  public String id() {
    return nodeId + "[" + index + "]";
  }

  /** True when {@code rowId} names an item, not a node. */
  public static boolean isItem(String rowId) {
    return rowId.endsWith("]");
  }

  /** The item a row id names, if it names one. */
  public static Optional<MapItem> find(String rowId) {
    int open = rowId.lastIndexOf('[');
    if (!isItem(rowId) || open <= 0) {
      return Optional.empty();
    }
    try {
      int index = Integer.parseInt(rowId.substring(open + 1, rowId.length() - 1));
      return Optional.of(new MapItem(rowId.substring(0, open), index));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The node a row belongs to: the mapped node for an item, the row's own id otherwise. */
  public static String nodeOf(String rowId) {
    return find(rowId).map(MapItem::nodeId).orElse(rowId);
  }
}
