package dev.dagflow.engine.runtime;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.Retention;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeTypes;
import dev.dagflow.engine.node.PhaseHandler;
import dev.dagflow.engine.node.builtin.ApprovalExecutor;
import dev.dagflow.engine.node.builtin.HttpExecutor;
import dev.dagflow.engine.node.builtin.MockExecutor;
import dev.dagflow.engine.node.builtin.NoopExecutor;
import dev.dagflow.engine.node.builtin.PhaseExecutor;
import dev.dagflow.engine.node.builtin.ShellExecutor;
import dev.dagflow.engine.runtime.internal.Claims;
import dev.dagflow.engine.runtime.internal.Definitions;
import dev.dagflow.engine.runtime.internal.Evaluation;
import dev.dagflow.engine.runtime.internal.EventDispatcher;
import dev.dagflow.engine.runtime.internal.NodeRunner;
import dev.dagflow.engine.runtime.internal.Purger;
import dev.dagflow.engine.runtime.internal.Quarantine;
import dev.dagflow.engine.runtime.internal.RunSpans;
import dev.dagflow.engine.runtime.internal.Scheduler;
import dev.dagflow.engine.runtime.internal.SubWorkflowExecutor;
import dev.dagflow.engine.runtime.internal.Submissions;
import dev.dagflow.engine.runtime.internal.Transitions;
import dev.dagflow.engine.store.Store;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Configures a {@link DurableEngine}; {@link #build()} validates. Defaults: 100 active runs, 10,000
 * queued, 30 s leases renewed every 10 s, 50 ms polling, 256 concurrent nodes, shell refused, 1 MiB
 * outputs, equal jitter, finished runs kept 30 days (purged every minute, 100 per transaction).
 *
 * <pre>{@code
 * DurableEngine engine = DurableEngine.builder().store(store).instanceId("api-1")
 *     .maxActiveWorkflows(50).executor(new MyExecutor()).build();
 * }</pre>
 */
public final class DurableEngineBuilder {
  private Store store;
  private String instanceId;
  private int maxActiveWorkflows = 100;
  private int maxQueuedRuns = 10_000;
  private Duration leaseDuration = Duration.ofSeconds(30);
  private Duration heartbeatInterval = Duration.ofSeconds(10);
  private int completers = 4;
  private Duration pollInterval = Duration.ofMillis(50);
  private Duration scheduleTick = Duration.ofSeconds(1);
  private int nodeConcurrency = 256;
  private boolean allowShell;
  private boolean allowLinkLocal;
  private Path workDir;
  private long maxOutputBytes = 1024 * 1024;
  private int maxNodes = 10_000;
  private int maxDefinitionBytes = 1024 * 1024;
  private Jitter retryJitter = Jitter.EQUAL;
  private Duration retention = Retention.DEFAULT;
  private Duration purgeInterval = Duration.ofMinutes(1);
  private int purgeBatchSize = 100;
  private OpenTelemetry openTelemetry = OpenTelemetry.noop();
  private final List<NodeExecutor> executors = new ArrayList<>();
  private final Map<String, PhaseHandler> phaseHandlers = new LinkedHashMap<>();
  private final List<EventListener> listeners = new ArrayList<>();

  DurableEngineBuilder() {}

  public DurableEngineBuilder store(Store v) {
    store = v;
    return this;
  }

  /** The lease owner name of this instance; default host name plus a random suffix. */
  public DurableEngineBuilder instanceId(String v) {
    instanceId = v;
    return this;
  }

  public DurableEngineBuilder maxActiveWorkflows(int v) {
    maxActiveWorkflows = v;
    return this;
  }

  public DurableEngineBuilder maxQueuedRuns(int v) {
    maxQueuedRuns = v;
    return this;
  }

  public DurableEngineBuilder leaseDuration(Duration v) {
    leaseDuration = v;
    return this;
  }

  public DurableEngineBuilder heartbeatInterval(Duration v) {
    heartbeatInterval = v;
    return this;
  }

  /**
   * Threads that apply attempt outcomes, each for its share of the runs, so transactions of
   * different runs commit in parallel (default 4).
   */
  public DurableEngineBuilder completers(int v) {
    completers = v;
    return this;
  }

  public DurableEngineBuilder pollInterval(Duration v) {
    pollInterval = v;
    return this;
  }

  /** How often this instance looks for due schedules; default 1 s. */
  public DurableEngineBuilder scheduleTick(Duration v) {
    scheduleTick = v;
    return this;
  }

  public DurableEngineBuilder nodeConcurrency(int v) {
    nodeConcurrency = v;
    return this;
  }

  public DurableEngineBuilder allowShell(boolean v) {
    allowShell = v;
    return this;
  }

  /** Lets {@code http} nodes call link-local/metadata addresses (169.254.0.0/16). */
  public DurableEngineBuilder allowLinkLocal(boolean v) {
    allowLinkLocal = v;
    return this;
  }

  /** Where nodes get their work dirs ({@code <workDir>/<run id>/<node id>}). */
  public DurableEngineBuilder workDir(Path v) {
    workDir = v;
    return this;
  }

  public DurableEngineBuilder maxOutputBytes(long v) {
    maxOutputBytes = v;
    return this;
  }

  public DurableEngineBuilder maxNodes(int v) {
    maxNodes = v;
    return this;
  }

  public DurableEngineBuilder maxDefinitionBytes(int v) {
    maxDefinitionBytes = v;
    return this;
  }

  public DurableEngineBuilder retryJitter(Jitter v) {
    retryJitter = v;
    return this;
  }

  /**
   * How long finished runs are kept when their definition has no {@code retention:}; {@link
   * Duration#ZERO} keeps them forever.
   */
  public DurableEngineBuilder retention(Duration v) {
    retention = v;
    return this;
  }

  /** Time between two retention passes. */
  public DurableEngineBuilder purgeInterval(Duration v) {
    purgeInterval = v;
    return this;
  }

  /** Runs a retention pass deletes per transaction. */
  public DurableEngineBuilder purgeBatchSize(int v) {
    purgeBatchSize = v;
    return this;
  }

  /** Adds (or replaces, by type name) a node type. */
  public DurableEngineBuilder executor(NodeExecutor v) {
    executors.add(v);
    return this;
  }

  public DurableEngineBuilder phaseHandler(String name, PhaseHandler handler) {
    phaseHandlers.put(name, handler);
    return this;
  }

  /**
   * Where run and node-attempt spans go (docs/monitoring.md, "Tracing"); default: the API's no-op,
   * which records nothing and costs nothing.
   */
  public DurableEngineBuilder openTelemetry(OpenTelemetry v) {
    this.openTelemetry = java.util.Objects.requireNonNull(v, "openTelemetry");
    return this;
  }

  public DurableEngineBuilder listener(EventListener v) {
    listeners.add(v);
    return this;
  }

  public DurableEngine build() {
    if (store == null) {
      throw new IllegalStateException("a store is required");
    }
    require(maxActiveWorkflows > 0, "maxActiveWorkflows must be positive");
    require(maxQueuedRuns > 0, "maxQueuedRuns must be positive");
    require(nodeConcurrency > 0, "nodeConcurrency must be positive");
    require(maxOutputBytes > 0, "maxOutputBytes must be positive");
    require(completers >= 1 && completers <= 64, "completers must be 1..64");
    require(positive(pollInterval), "pollInterval must be positive");
    require(
        retention != null && !retention.isNegative(), "retention must be zero (forever) or more");
    require(positive(purgeInterval), "purgeInterval must be positive");
    require(purgeBatchSize > 0 && purgeBatchSize <= 1000, "purgeBatchSize must be 1..1000");
    require(positive(heartbeatInterval), "heartbeatInterval must be positive");
    require(positive(scheduleTick), "scheduleTick must be positive");
    require(
        positive(leaseDuration) && leaseDuration.compareTo(heartbeatInterval) > 0,
        "leaseDuration must be longer than heartbeatInterval");
    String owner = instanceId != null ? instanceId : defaultInstanceId();
    // absolute: a shell node runs in its own work dir, so a relative $DAGFLOW_OUTPUT would miss
    Path work = (workDir != null ? workDir : tempWorkDir()).toAbsolutePath();

    SubWorkflowExecutor subflows = new SubWorkflowExecutor();
    NodeTypes.Builder types =
        NodeTypes.builder()
            .add(new NoopExecutor())
            .add(new MockExecutor())
            .add(new ShellExecutor())
            .add(new HttpExecutor(allowLinkLocal))
            .add(new PhaseExecutor(phaseHandlers))
            .add(new ApprovalExecutor())
            .add(subflows)
            .loadServices();
    executors.forEach(types::add);
    NodeTypes nodeTypes = types.build();

    DefinitionParser parser =
        DefinitionParser.builder()
            .knownNodeTypes(nodeTypes.types())
            .maxNodes(maxNodes)
            .maxBytes(maxDefinitionBytes)
            .build();
    Definitions definitions = new Definitions(store, parser);
    Evaluation evaluation = new Evaluation();
    EventDispatcher dispatcher = new EventDispatcher(store, "dagflow-events-" + owner);
    // first, so that later listeners (metrics) find the spans of the event they handle
    RunSpans spans = new RunSpans(openTelemetry);
    dispatcher.addListener(spans);
    listeners.forEach(dispatcher::addListener);
    Transitions transitions =
        new Transitions(store, definitions, evaluation, dispatcher, retryJitter);
    Quarantine quarantine = new Quarantine(store);
    Claims claims = new Claims(store, transitions, dispatcher, owner, leaseDuration);
    NodeRunner runner = new NodeRunner(nodeTypes, evaluation, work, maxOutputBytes);
    Scheduler scheduler =
        new Scheduler(
            new Scheduler.Settings(
                owner,
                maxActiveWorkflows,
                nodeConcurrency,
                leaseDuration,
                heartbeatInterval,
                pollInterval,
                completers),
            store,
            transitions,
            claims,
            runner,
            quarantine);
    long retryAfter = Math.max(1, pollInterval.toSeconds());
    Submissions submissions =
        new Submissions(store, definitions, dispatcher, spans, maxQueuedRuns, retryAfter);
    Purger purger =
        new Purger(
            store,
            definitions,
            new Purger.Settings(owner, retention, purgeInterval, purgeBatchSize));
    return new DurableEngine(
        store,
        definitions,
        submissions,
        transitions,
        scheduler,
        dispatcher,
        purger,
        scheduleTick,
        subflows,
        spans,
        quarantine,
        allowShell);
  }

  private static boolean positive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }

  private static String defaultInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "dagflow";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Path tempWorkDir() {
    try {
      return Files.createTempDirectory("dagflow-work-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
