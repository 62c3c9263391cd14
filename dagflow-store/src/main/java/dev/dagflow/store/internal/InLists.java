package dev.dagflow.store.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * IN lists of a few fixed widths (1, 4, 16, 64): a list of any length goes as chunks of those
 * widths, the last one padded by repeating its last item (a repeat matches nothing new), so the
 * statement texts stay few and the drivers' statement caches hit.
 *
 * <pre>{@code
 * for (List<String> chunk : InLists.padded(ids)) {
 *   query("… node_id IN (" + InLists.placeholders(chunk.size()) + ")", chunk);
 * }
 * }</pre>
 */
final class InLists {
  private static final int[] WIDTHS = {1, 4, 16, 64};

  private InLists() {}

  /** {@code items} in chunks, each padded to the width of its IN list. */
  static <T> List<List<T>> padded(List<T> items) {
    List<List<T>> chunks = new ArrayList<>();
    for (int from = 0; from < items.size(); ) {
      int left = items.size() - from;
      int width = WIDTHS[WIDTHS.length - 1];
      for (int w : WIDTHS) {
        if (w >= left) {
          width = w;
          break;
        }
      }
      List<T> chunk = new ArrayList<>(items.subList(from, from + Math.min(width, left)));
      while (chunk.size() < width) {
        chunk.add(chunk.getLast());
      }
      chunks.add(chunk);
      from += Math.min(width, left);
    }
    return chunks;
  }

  /** {@code ?, ?, …}: {@code width} parameters. */
  static String placeholders(int width) {
    return String.join(", ", Collections.nCopies(width, "?"));
  }
}
