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
   * Registers a sink for committed events: after each commit that appended events, sinks get that
   * transaction's events in order. Transactions commit in parallel, so batches of different
   * transactions may reach sinks in any order; readers that need the order read it back ({@link
   * StoreSession#listEvents}).
   */
  void addEventSink(Consumer<List<EventRecord>> sink);

  /**
   * How far global event readers trail: the age of the oldest committed event they cannot read yet
   * because a transaction that began before it is still open; zero when they are caught up.
   */
  Duration eventHorizonAge();

  /**
   * Tells the other instances on this database that there is work to look at (nodes this one made
   * ready but cannot start). Returns at once; requests are coalesced. No-op where one process owns
   * the database.
   */
  default void notifyWork() {}

  /**
   * Tells the other instances that only admission has something for them (a run ended or was queued
   * again, freeing or needing a slot): they admit, but need not scan for ready nodes. Coalesced
   * with {@link #notifyWork()}; where a store cannot say which, it is that.
   */
  default void notifySlots() {
    notifyWork();
  }

  /** Registers what to run when another instance calls {@link #notifyWork()}. */
  default void onWork(Runnable wake) {}

  /**
   * Registers what to run on another instance's wake-up, with who sent it and what it announced.
   * Stores that cannot tell pass {@link WorkNotice#UNKNOWN} (nodes, sender unknown).
   */
  default void onWorkNotice(Consumer<WorkNotice> wake) {
    onWork(() -> wake.accept(WorkNotice.UNKNOWN));
  }

  /**
   * Another instance's wake-up: {@code sender} identifies that instance's store (stable while it
   * runs; {@code null} when unknown), {@code nodes} whether it left ready nodes (else it only freed
   * or needs admission slots).
   *
   * <pre>{@code
   * store.onWorkNotice(n -> { admit(); if (n.nodes()) scan(); });
   * }</pre>
   */
  record WorkNotice(String sender, boolean nodes) {
    public static final WorkNotice UNKNOWN = new WorkNotice(null, true);
  }

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
