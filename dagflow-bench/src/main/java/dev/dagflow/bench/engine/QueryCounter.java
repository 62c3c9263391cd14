package dev.dagflow.bench.engine;

import dev.dagflow.engine.store.QueryObserver;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the store's statements by kind and sums their time, so a scenario can report statements
 * per node and how much of the wall time the database took.
 *
 * <pre>{@code
 * QueryCounter queries = new QueryCounter();
 * JdbcStore.builder().inMemory().queryObserver(queries).build();
 * queries.reset(); work(); queries.summary(nodes);
 * }</pre>
 */
public final class QueryCounter implements QueryObserver {
  private final Map<QueryKind, LongAdder> counts = new EnumMap<>(QueryKind.class);
  private final Map<QueryKind, LongAdder> nanos = new EnumMap<>(QueryKind.class);

  public QueryCounter() {
    for (QueryKind k : QueryKind.values()) {
      counts.put(k, new LongAdder());
      nanos.put(k, new LongAdder());
    }
  }

  @Override
  public void onQuery(QueryKind kind, long durationNanos) {
    counts.get(kind).increment();
    nanos.get(kind).add(durationNanos);
  }

  public void reset() {
    counts.values().forEach(LongAdder::reset);
    nanos.values().forEach(LongAdder::reset);
  }

  public long total() {
    return counts.values().stream().mapToLong(LongAdder::sum).sum();
  }

  public long totalNanos() {
    return nanos.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** {@code "stmts/node 9.1 (sel 4.0 ins 2.0 upd 3.1 del 0.0), db 812 ms"}. */
  public String summary(long nodes) {
    double per = Math.max(1, nodes);
    return "stmts/node %.1f (sel %.1f ins %.1f upd %.1f del %.1f), stmt time %d ms"
        .formatted(
            total() / per,
            counts.get(QueryKind.SELECT).sum() / per,
            counts.get(QueryKind.INSERT).sum() / per,
            counts.get(QueryKind.UPDATE).sum() / per,
            counts.get(QueryKind.DELETE).sum() / per,
            totalNanos() / 1_000_000);
  }
}
