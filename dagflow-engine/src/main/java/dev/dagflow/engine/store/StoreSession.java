package dev.dagflow.engine.store;

import dev.dagflow.engine.model.EventCursor;
import dev.dagflow.engine.model.EventPage;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.EventType;
import dev.dagflow.engine.model.NewEvent;
import dev.dagflow.engine.model.NodeKey;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.model.StoredWorkflow;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The operations of one transaction (or one read). Every query goes through the store's single
 * instrumented executor, which times it by kind (select, insert, update, delete).
 */
public interface StoreSession {

  // --- workflow definitions -------------------------------------------------------------------

  /**
   * Saves a definition's source. When it equals the latest version's source, returns that version;
   * otherwise stores and returns the next version (1 for a new id).
   */
  StoredWorkflow saveWorkflow(String workflowId, String source);

  /** The latest version of a workflow that has not been deleted. */
  Optional<StoredWorkflow> findWorkflow(String workflowId);

  /** A given version, deleted or not (runs keep the version they started with). */
  Optional<StoredWorkflow> findWorkflow(String workflowId, int version);

  /** Latest versions, ordered by id; {@code cursor} is the last id of the previous page. */
  Page<StoredWorkflow> listWorkflows(int limit, String cursor);

  /** Marks a workflow deleted; its runs stay. Returns false when there was none. */
  boolean deleteWorkflow(String workflowId);

  // --- runs -----------------------------------------------------------------------------------

  /** Inserts a queued run and its pending nodes. */
  default void insertRun(RunRecord run, List<NodeRecord> nodes) {
    insertRuns(List.of(run), nodes);
  }

  /**
   * Inserts queued runs and their pending nodes with one statement batch per table, whatever their
   * number: a group commit of submits costs the same round trips for one run as for many.
   */
  void insertRuns(List<RunRecord> runs, List<NodeRecord> nodes);

  Optional<RunRecord> findRun(UUID runId);

  /** Reads and locks the run's row ({@code FOR UPDATE}): transitions of one run are serial. */
  Optional<RunRecord> lockRun(UUID runId);

  /**
   * Locks these runs' rows (in run id order, so two transactions never wait on each other in a
   * cycle) and moves each one's version up by one: a transition that locks a run changes it. The
   * result holds each run with the version it had before; ids without a row are left out.
   */
  default List<LockedRun> lockRuns(Collection<UUID> runIds) {
    return lockRuns(runIds, false);
  }

  /**
   * {@link #lockRuns(Collection)}; with {@code skipLocked}, runs another transaction holds are left
   * out instead of waited for ({@code FOR UPDATE SKIP LOCKED}).
   */
  List<LockedRun> lockRuns(Collection<UUID> runIds, boolean skipLocked);

  Optional<RunRecord> findRunByIdempotencyKey(String idempotencyKey);

  /**
   * Fails a run whose rows cannot be decoded without decoding them (plain SQL by run id): the run
   * ends {@code failure} with {@code reason}, its unfinished nodes (and those whose status is
   * unknown) end {@code cancelled}. Returns the run's workflow id when this failed it; empty when
   * the run is gone or had already finished.
   */
  Optional<String> failUndecodableRun(UUID runId, String reason, Instant now);

  /**
   * Running runs with a node row whose status is unknown (such a node is never claimed): reading
   * their nodes names the row. Up to {@code limit} run ids.
   */
  List<UUID> findRunsWithUnknownNodeStatus(int limit);

  /** Writes the run's row; its {@linkplain LockedRun#version() version} goes up by one. */
  void updateRun(RunRecord run);

  /** Moves these runs' versions up by one: their node rows changed under the runs' locks. */
  void touchRuns(Collection<UUID> runIds);

  /** Newest first, filtered; {@code cursor} is opaque (from a previous page). */
  Page<RunRecord> listRuns(RunQuery query);

  /** Runs with this status; with {@code null}, every stored run ({@code dag_runs_stored}). */
  long countRuns(RunStatus status);

  // --- admission and timeouts -----------------------------------------------------------------

  /** Takes the cluster-wide admission lock until the transaction ends. */
  void lockAdmission();

  /** Oldest queued runs first, locked with {@code FOR UPDATE SKIP LOCKED}. */
  List<RunRecord> lockQueuedRuns(int limit);

  /** Running runs whose deadline has passed. */
  List<RunRecord> findOverdueRuns(Instant now, int limit);

  // --- nodes ----------------------------------------------------------------------------------

  /** The run's node rows, without the item rows of mapped nodes ({@link #mapItems()}). */
  List<NodeRecord> findNodes(UUID runId);

  /**
   * The rows of these nodes of a run (those that exist), ordered by node id: what a transition
   * needs of a wide run without reading all of it.
   */
  List<NodeRecord> findNodes(UUID runId, Collection<String> nodeIds);

  /** Writes every field of these nodes (matched by run id and node id). */
  void updateNodes(Collection<NodeRecord> nodes);

  /**
   * Writes {@code node} only if the stored row is still {@code running} under {@code expectedOwner}
   * at {@code expectedAttempt}: a completion from a lost lease is dropped.
   */
  boolean updateNodeFenced(NodeRecord node, String expectedOwner, int expectedAttempt);

  /**
   * {@link #updateNodeFenced} for many nodes in one batch; element {@code i} of the result tells
   * whether {@code updates.get(i)} was applied.
   */
  boolean[] updateNodesFenced(List<FencedUpdate> updates);

  /**
   * Claims up to {@code limit} claimable nodes (status {@code ready}, or {@code retrying} with
   * {@code nextAttemptAt <= now}) with {@code FOR UPDATE SKIP LOCKED}: sets them {@code running},
   * increments attempts, sets {@code startedAt = now} and the lease. Returns the updated rows. With
   * {@code only} non-null, claims only among those nodes (the fast path for nodes this instance
   * just made ready).
   */
  List<NodeRecord> claimNodes(
      String owner, Instant now, Instant leaseUntil, int limit, Collection<NodeKey> only);

  /** Extends the leases this owner still holds among {@code keys}; returns those it still holds. */
  Set<NodeKey> renewLeases(String owner, Collection<NodeKey> keys, Instant leaseUntil);

  /** Running nodes whose lease expired before {@code now} (their instance died). */
  List<NodeRecord> findExpiredLeases(Instant now, int limit);

  /** The item rows of mapped nodes, in this transaction. */
  MapItemSession mapItems();

  // --- context -------------------------------------------------------------------------------

  /**
   * Inserts or replaces a context value (as {@link ContextStore#save}) inside this transaction, so
   * it commits with the rows that refer to it. Reported to the store's {@link ContextObserver} as a
   * {@code save} when the transaction ends: succeeded if it committed, failed otherwise.
   */
  void saveContext(UUID runId, String key, JsonNode value);

  // --- retention -----------------------------------------------------------------------------

  /**
   * Locks up to {@code limit} finished runs (success, failure, cancelled) that finished before
   * {@code finishedBefore}, oldest queued first, with {@code FOR UPDATE SKIP LOCKED}: runs another
   * transaction holds are passed over. Only runs of {@code workflowId} when it is non-null;
   * otherwise runs of any workflow but those in {@code exceptWorkflows}.
   */
  List<FinishedRun> lockFinishedRuns(
      String workflowId, Collection<String> exceptWorkflows, Instant finishedBefore, int limit);

  /**
   * Deletes these runs with their nodes, events and context (a run's idempotency key is a column of
   * its row). Returns how many runs were deleted.
   */
  int deleteRuns(Collection<UUID> runIds);

  /**
   * Takes the cluster-wide purge lease for {@code owner} until {@code until} when it is free,
   * expired or already this owner's; true when {@code owner} now holds it. One instance purges at a
   * time.
   */
  boolean claimPurgeLease(String owner, Instant now, Instant until);

  /** Gives the purge lease up if {@code owner} holds it, so another instance may take it now. */
  void releasePurgeLease(String owner);

  // --- schedules and triggers -----------------------------------------------------------------

  /** Schedules, and what started each run, in this transaction. */
  ScheduleSession schedules();

  // --- events ---------------------------------------------------------------------------------

  /**
   * Appends events, giving each the next {@code seq} of its run and a global {@link EventCursor}.
   * Call it last in a transaction: it locks the head row of each run it appends to (in run id
   * order) until commit, which is what keeps a run's events dense and in commit order. Runs of
   * different transactions never wait on each other here.
   */
  List<EventRecord> appendEvents(List<NewEvent> events);

  /** One run's events with {@code seq > afterSeq}, in {@code seq} order. */
  List<EventRecord> listEvents(UUID runId, long afterSeq, int limit);

  /**
   * All runs' events after {@code after}, in cursor order, up to the store's horizon: no event
   * before the horizon can still appear, so a reader that resumes from the last cursor it saw
   * misses and repeats nothing.
   */
  List<EventRecord> listEvents(EventCursor after, int limit);

  /**
   * All runs' events after {@code after} whose type is in {@code types}, in cursor order, up to the
   * store's horizon, like {@link #listEvents(EventCursor, int)}. It looks at no more than {@code
   * scanLimit} events, so a page costs bounded work however rare the matches: it ends at the {@code
   * limit}th match, at the {@code scanLimit}th event looked at, or at the horizon, and its {@link
   * EventPage#next()} is the last event it looked at. Events that do not match are skipped, never
   * lost: resuming from {@code next} reads on after them.
   *
   * @param types the types wanted; not empty
   * @param scanLimit at least {@code limit}
   */
  EventPage listEvents(EventCursor after, Set<EventType> types, int limit, int scanLimit);

  /**
   * The cursor of "now": every event before it can be read, every event after it is still to come.
   * A reader that only wants what happens from now on resumes from here instead of replaying the
   * whole history.
   */
  EventCursor headCursor();

  /** Runs {@code action} after this transaction commits (not on rollback or a retried attempt). */
  void onCommit(Runnable action);
}
