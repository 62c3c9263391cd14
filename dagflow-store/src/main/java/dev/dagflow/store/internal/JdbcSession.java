package dev.dagflow.store.internal;

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
import dev.dagflow.engine.store.ContextObserver;
import dev.dagflow.engine.store.FencedUpdate;
import dev.dagflow.engine.store.FinishedRun;
import dev.dagflow.engine.store.LockedRun;
import dev.dagflow.engine.store.MapItemSession;
import dev.dagflow.engine.store.RunQuery;
import dev.dagflow.engine.store.ScheduleSession;
import dev.dagflow.engine.store.StoreSession;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * A {@link StoreSession} over one connection: a transaction ({@code readOnly == false}) or
 * auto-commit reads. It remembers the events it appended, the global positions it reserved (H2) and
 * what to run after commit; its transaction settles them when it ends.
 *
 * <pre>{@code
 * JdbcSession session = new JdbcSession(conn, sql, dialect, clock, positions, observer, false);
 * try { work.apply(session); session.beforeCommit(); conn.commit(); committed = true;
 *       session.afterCommit(); ... }
 * finally { session.reportContextSaves(committed); session.releasePositions(); }
 * }</pre>
 */
public final class JdbcSession implements StoreSession {
  private final WorkflowTable workflows;
  private final RunTable runs;
  private final NodeTable nodes;
  private final PoisonedRuns poisoned;
  private final NodeClaims claims;
  private final EventTable events;
  private final EventAppend appender;
  private final ContextTable context;
  private final RetentionTable retention;
  private final ScheduleTable schedules;
  private final MapItemTable mapItems;
  private final ContextObserver contextObserver;
  private int contextSaves;
  private final boolean readOnly;
  private final List<EventRecord> appended = new ArrayList<>();
  private final List<Runnable> commitActions = new ArrayList<>(1);

  public JdbcSession(
      Connection connection,
      SqlExecutor sql,
      Dialect dialect,
      Clock clock,
      EventPositions positions,
      ContextObserver contextObserver,
      boolean readOnly) {
    Db db = new Db(connection, sql, dialect);
    this.workflows = new WorkflowTable(db, clock);
    this.runs = new RunTable(db);
    this.nodes = new NodeTable(db);
    this.claims = new NodeClaims(db);
    this.poisoned = new PoisonedRuns(db);
    this.events = new EventTable(db, positions);
    this.appender = EventAppend.of(db, positions);
    this.context = new ContextTable(db);
    this.retention = new RetentionTable(db);
    this.schedules = new ScheduleTable(db, readOnly);
    this.mapItems = new MapItemTable(db, nodes);
    this.contextObserver = contextObserver;
    this.readOnly = readOnly;
  }

  /** Events appended in this session, in seq order. */
  public List<EventRecord> appended() {
    return List.copyOf(appended);
  }

  /** The global positions this session reserved have ended (committed or not). Idempotent. */
  public void releasePositions() {
    appender.releasePositions();
  }

  /** Writes what this session deferred to the end of its transaction; called before commit. */
  public void beforeCommit() {
    appender.beforeCommit();
  }

  /** Runs the {@link #onCommit} actions, once. */
  public void afterCommit() {
    List<Runnable> actions = List.copyOf(commitActions);
    commitActions.clear();
    actions.forEach(Runnable::run);
  }

  /** The age of the oldest committed event that global readers cannot read yet. */
  public Duration eventHorizonAge(Instant now) {
    return events.horizonAge(now);
  }

  /**
   * Reports this session's context saves to the observer, as succeeded when the transaction
   * committed, failed otherwise. Idempotent.
   */
  public void reportContextSaves(boolean committed) {
    for (; contextSaves > 0; contextSaves--) {
      contextObserver.onOperation("save", committed);
    }
  }

  @Override
  public StoredWorkflow saveWorkflow(String workflowId, String source) {
    writable("saveWorkflow");
    return workflows.save(workflowId, source);
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String workflowId) {
    return workflows.find(workflowId);
  }

  @Override
  public Optional<StoredWorkflow> findWorkflow(String workflowId, int version) {
    return workflows.find(workflowId, version);
  }

  @Override
  public Page<StoredWorkflow> listWorkflows(int limit, String cursor) {
    return workflows.list(limit, cursor);
  }

  @Override
  public boolean deleteWorkflow(String workflowId) {
    writable("deleteWorkflow");
    return workflows.delete(workflowId);
  }

  @Override
  public void insertRuns(List<RunRecord> runRecords, List<NodeRecord> nodeRecords) {
    writable("insertRuns");
    runs.insert(runRecords);
    List<UUID> ids = runRecords.stream().map(RunRecord::runId).toList();
    appender.insertHeads(ids);
    nodes.insert(nodeRecords);
  }

  @Override
  public Optional<RunRecord> findRun(UUID runId) {
    return runs.find(runId, false);
  }

  @Override
  public Optional<RunRecord> lockRun(UUID runId) {
    writable("lockRun");
    return runs.find(runId, true);
  }

  @Override
  public List<LockedRun> lockRuns(Collection<UUID> runIds, boolean skipLocked) {
    writable("lockRuns");
    return runIds.isEmpty() ? List.of() : runs.lockMany(runIds, skipLocked);
  }

  @Override
  public void touchRuns(Collection<UUID> runIds) {
    writable("touchRuns");
    if (!runIds.isEmpty()) {
      runs.touch(runIds);
    }
  }

  @Override
  public Optional<String> failUndecodableRun(UUID runId, String reason, Instant now) {
    writable("failUndecodableRun");
    return poisoned.fail(runId, reason, now);
  }

  @Override
  public List<UUID> findRunsWithUnknownNodeStatus(int limit) {
    return poisoned.findUnknownNodeStatus(limit);
  }

  @Override
  public Optional<RunRecord> findRunByIdempotencyKey(String idempotencyKey) {
    return runs.findByIdempotencyKey(idempotencyKey);
  }

  @Override
  public void updateRun(RunRecord run) {
    writable("updateRun");
    runs.update(run);
  }

  @Override
  public Page<RunRecord> listRuns(RunQuery query) {
    return runs.list(query);
  }

  @Override
  public long countRuns(RunStatus status) {
    return runs.count(status);
  }

  @Override
  public void lockAdmission() {
    writable("lockAdmission");
    runs.lockAdmission();
  }

  @Override
  public List<RunRecord> lockQueuedRuns(int limit) {
    writable("lockQueuedRuns");
    return runs.lockQueued(limit);
  }

  @Override
  public List<RunRecord> findOverdueRuns(Instant now, int limit) {
    return runs.findOverdue(now, limit);
  }

  @Override
  public List<NodeRecord> findNodes(UUID runId) {
    return nodes.findByRun(runId);
  }

  @Override
  public List<NodeRecord> findNodes(UUID runId, Collection<String> nodeIds) {
    return nodes.findByIds(runId, nodeIds);
  }

  @Override
  public void updateNodes(Collection<NodeRecord> nodeRecords) {
    writable("updateNodes");
    nodes.update(nodeRecords);
  }

  @Override
  public boolean updateNodeFenced(NodeRecord node, String expectedOwner, int expectedAttempt) {
    writable("updateNodeFenced");
    return nodes.updateFenced(node, expectedOwner, expectedAttempt);
  }

  @Override
  public boolean[] updateNodesFenced(List<FencedUpdate> updates) {
    writable("updateNodesFenced");
    return updates.isEmpty() ? new boolean[0] : nodes.updateFenced(updates);
  }

  @Override
  public List<NodeRecord> claimNodes(
      String owner, Instant now, Instant leaseUntil, int limit, Collection<NodeKey> only) {
    writable("claimNodes");
    return claims.claim(owner, now, leaseUntil, limit, only);
  }

  @Override
  public Set<NodeKey> renewLeases(String owner, Collection<NodeKey> keys, Instant leaseUntil) {
    writable("renewLeases");
    return nodes.renew(owner, keys, leaseUntil);
  }

  @Override
  public List<NodeRecord> findExpiredLeases(Instant now, int limit) {
    return nodes.findExpiredLeases(now, limit);
  }

  @Override
  public void saveContext(UUID runId, String key, JsonNode value) {
    writable("saveContext");
    contextSaves++;
    context.upsert(runId, key, value);
  }

  @Override
  public List<FinishedRun> lockFinishedRuns(
      String workflowId, Collection<String> exceptWorkflows, Instant finishedBefore, int limit) {
    writable("lockFinishedRuns");
    return retention.lockFinished(workflowId, exceptWorkflows, finishedBefore, limit);
  }

  @Override
  public int deleteRuns(Collection<UUID> runIds) {
    writable("deleteRuns");
    return retention.delete(runIds);
  }

  @Override
  public boolean claimPurgeLease(String owner, Instant now, Instant until) {
    writable("claimPurgeLease");
    return retention.claimLease(owner, now, until);
  }

  @Override
  public void releasePurgeLease(String owner) {
    writable("releasePurgeLease");
    retention.releaseLease(owner);
  }

  @Override
  public ScheduleSession schedules() {
    return schedules;
  }

  @Override
  public MapItemSession mapItems() {
    return mapItems;
  }

  @Override
  public List<EventRecord> appendEvents(List<NewEvent> newEvents) {
    writable("appendEvents");
    if (newEvents.isEmpty()) {
      return List.of();
    }
    List<EventRecord> records = appender.append(newEvents);
    appended.addAll(records);
    return records;
  }

  @Override
  public List<EventRecord> listEvents(UUID runId, long afterSeq, int limit) {
    return events.listRun(Objects.requireNonNull(runId, "runId"), afterSeq, limit);
  }

  @Override
  public List<EventRecord> listEvents(EventCursor after, int limit) {
    return events.listAll(after, limit);
  }

  @Override
  public EventPage listEvents(EventCursor after, Set<EventType> types, int limit, int scanLimit) {
    return events.listMatching(
        Objects.requireNonNull(after, "after"), Set.copyOf(types), limit, scanLimit);
  }

  @Override
  public EventCursor headCursor() {
    return events.head();
  }

  @Override
  public void onCommit(Runnable action) {
    writable("onCommit");
    commitActions.add(action);
  }

  private void writable(String operation) {
    if (readOnly) {
      throw new IllegalStateException(operation + " needs store.transaction(), not store.read()");
    }
  }
}
