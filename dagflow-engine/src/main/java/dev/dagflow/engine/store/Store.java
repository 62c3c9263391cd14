package dev.dagflow.engine.store;

import dev.dagflow.engine.model.EventRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The engine's port to its database. All state lives behind it; the engine holds nothing a crash
 * can lose. Work runs in short transactions through {@link #transaction}; serialization failures
 * and deadlocks are retried there with capped, jittered backoff, so {@code work} must be safe to
 * run again.
 *
 * <pre>{@code
 * RunRecord run = store.transaction(tx -> tx.lockRun(runId).orElseThrow());
 * }</pre>
 */
public interface Store extends AutoCloseable {

  /** Runs {@code work} in one read-write transaction, retrying it on transient conflicts. */
  <T> T transaction(Function<StoreSession, T> work);

  /** Runs {@code work} read-only (auto-commit reads). */
  <T> T read(Function<StoreSession, T> work);

  /**
   * Registers a sink for committed events. After each commit that appended events, sinks get them
   * in {@code seq} order; across transactions of this process too (appends are ordered by one lock
   * taken before the sequence is read and released after the sinks ran).
   */
  void addEventSink(Consumer<List<EventRecord>> sink);

  /** The context store over the same database. */
  ContextStore contextStore();

  /** True when the database answers a trivial query within {@code timeout}. */
  boolean ping(Duration timeout);

  /** Active and maximum connections of the pool, for {@code dag_database_connections}. */
  PoolStats poolStats();

  /** "h2" or "postgresql". */
  String dialect();

  @Override
  void close();

  /** Connections in use and the pool's maximum. */
  record PoolStats(int active, int maximum) {}
}
