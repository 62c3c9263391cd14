package dev.dagflow.bench.engine;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiConsumer;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The benchmark's node type {@code probe}: behaves as {@code noop} (succeeds at once with an empty
 * output) and records, per run and node, when its attempt began and when it returned ({@link
 * System#nanoTime()}), plus the wall-clock time it began (to compare with the persisted run {@code
 * startedAt}). The in-process hop latency is a node's entry minus the latest return among its
 * dependencies, independent of what the store persists.
 *
 * <pre>{@code
 * ProbeExecutor probe = new ProbeExecutor();
 * DurableEngine engine = settings.builder(store).executor(probe).build();
 * engine.register(shape.toYaml("bench_x", ProbeExecutor.TYPE), "bench_x.yaml");
 * probe.timing(runId, "start");
 * }</pre>
 */
public final class ProbeExecutor implements NodeExecutor {
  public static final String TYPE = "probe";

  /** One attempt: began and returned ({@code nanoTime}), and began as epoch nanoseconds. */
  public record Timing(long enteredNanos, long returnedNanos, long enteredEpochNanos) {}

  private record Key(UUID runId, String nodeId) {}

  private final Map<Key, Timing> timings = new ConcurrentHashMap<>(1 << 14);
  private final LongAdder executions = new LongAdder();
  private final LongAdder repeats = new LongAdder();
  private final BiConsumer<UUID, String> onReturn;

  public ProbeExecutor() {
    this((run, node) -> {});
  }

  /**
   * A probe that calls {@code onReturn} with the run and node id as each attempt returns (before
   * the engine applies its outcome).
   */
  public ProbeExecutor(BiConsumer<UUID, String> onReturn) {
    this.onReturn = onReturn;
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public NodeResult execute(NodeContext context) {
    long entered = System.nanoTime();
    Instant wall = Instant.now();
    NodeResult result = NodeResult.success(JsonNodeFactory.instance.objectNode());
    long returned = System.nanoTime();
    // a later attempt of the same node (a retry) replaces the earlier one
    Timing earlier =
        timings.put(
            new Key(context.runId(), context.nodeId()),
            new Timing(entered, returned, wall.getEpochSecond() * 1_000_000_000L + wall.getNano()));
    executions.increment();
    if (earlier != null) {
      repeats.increment();
    }
    onReturn.accept(context.runId(), context.nodeId());
    return result;
  }

  /** The last attempt of a node, or null if it never ran. */
  public Timing timing(UUID runId, String nodeId) {
    return timings.get(new Key(runId, nodeId));
  }

  /** Attempts executed since the last {@link #clear()}. */
  public long executions() {
    return executions.sum();
  }

  /** Attempts since the last {@link #clear()} of a node this probe had already executed. */
  public long repeats() {
    return repeats.sum();
  }

  /** Forgets every attempt (after the warm-up runs). */
  public void clear() {
    timings.clear();
    executions.reset();
    repeats.reset();
  }
}
