package dev.dagflow.store.internal;

import dev.dagflow.engine.model.Page;
import java.util.List;
import java.util.function.Function;

/** Keyset pagination: queries fetch {@code limit + 1} rows; the extra one means "more". */
final class Pages {
  private Pages() {}

  static void checkLimit(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
  }

  static <T> Page<T> of(List<T> rows, int limit, Function<T, String> cursorOf) {
    if (rows.size() <= limit) {
      return new Page<>(List.copyOf(rows), null);
    }
    List<T> page = List.copyOf(rows.subList(0, limit));
    return new Page<>(page, cursorOf.apply(page.getLast()));
  }
}
