package dev.dagflow.server.internal;

import dev.dagflow.engine.WorkflowEngine;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.ScheduleSpec;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.model.Page;
import dev.dagflow.engine.model.StoredWorkflow;
import dev.dagflow.engine.store.Store;
import dev.dagflow.metrics.MetricsCollector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers definitions (API and {@code --workflows-dir}) through the engine (which refuses {@code
 * shell} workflows unless built with {@code allowShell}) and starts every registered workflow's
 * counters at 0.
 *
 * <pre>{@code
 * registrar.registerDirectory(Path.of("examples"));
 * }</pre>
 */
public final class Registrar {
  private static final Logger log = LoggerFactory.getLogger(Registrar.class);

  private final WorkflowEngine engine;
  private final Store store;
  private final MetricsCollector metrics;
  private final Consumer<StoredWorkflow> registered;

  /** {@code registered} hears of every version registered (the UI lays it out ahead of time). */
  public Registrar(
      WorkflowEngine engine,
      Store store,
      MetricsCollector metrics,
      Consumer<StoredWorkflow> registered) {
    this.engine = engine;
    this.store = store;
    this.metrics = metrics;
    this.registered = registered;
  }

  /**
   * Registers one definition; 422 with every problem when invalid, or when it uses {@code shell}
   * and the engine was not built with {@code allowShell}.
   */
  public StoredWorkflow register(String source, String fileName) {
    StoredWorkflow wf = engine.register(source, fileName);
    engine.findDefinition(wf.id()).ifPresent(this::startCounters);
    registered.accept(wf);
    return wf;
  }

  /** Registers every {@code *.yaml}, {@code *.yml} and {@code *.json} file of a directory. */
  public List<StoredWorkflow> registerDirectory(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> definitions = files.filter(Registrar::isDefinition).sorted().toList();
      return definitions.stream().map(this::registerFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read workflows directory " + dir, e);
    }
  }

  /** Starts the counters of every workflow already in the database. */
  public void initialiseCounters() {
    String cursor = null;
    do {
      String from = cursor;
      Page<StoredWorkflow> page = store.read(s -> s.listWorkflows(500, from));
      for (StoredWorkflow wf : page.items()) {
        engine.findDefinition(wf.id()).ifPresent(this::startCounters);
      }
      cursor = page.nextCursor();
    } while (cursor != null);
  }

  private void startCounters(WorkflowDefinition d) {
    metrics.registerWorkflow(d.id(), labels(d.nodes()));
    metrics
        .metrics()
        .schedules()
        .registerSchedules(d.id(), d.schedules().stream().map(ScheduleSpec::id).toList());
  }

  private StoredWorkflow registerFile(Path file) {
    try {
      StoredWorkflow wf = register(Files.readString(file), file.toString());
      log.info("registered workflow {} v{} from {}", wf.id(), wf.version(), file);
      return wf;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static boolean isDefinition(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p)
        && (name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json"));
  }

  private static List<dev.dagflow.metrics.NodeLabels> labels(List<NodeDefinition> nodes) {
    return nodes.stream()
        .map(n -> new dev.dagflow.metrics.NodeLabels(n.type(), n.name()))
        .distinct()
        .toList();
  }
}
