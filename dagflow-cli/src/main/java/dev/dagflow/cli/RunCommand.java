package dev.dagflow.cli;

import dev.dagflow.engine.EventListener;
import dev.dagflow.engine.definition.DefinitionParser;
import dev.dagflow.engine.definition.NodeDefinition;
import dev.dagflow.engine.definition.ParamSpec;
import dev.dagflow.engine.definition.Problem;
import dev.dagflow.engine.definition.WorkflowDefinition;
import dev.dagflow.engine.error.DagflowException;
import dev.dagflow.engine.error.InvalidDefinitionException;
import dev.dagflow.engine.error.InvalidRequestException;
import dev.dagflow.engine.model.EventRecord;
import dev.dagflow.engine.model.ItemCounts;
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.engine.runtime.RunView;
import dev.dagflow.store.JdbcStore;
import dev.dagflow.store.JdbcStoreBuilder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code dagflow run FILE [--param k=v ...] [--json] [--database-url URL]}: runs one workflow
 * in-process on a durable engine (in-memory H2 unless a database is given), shows live progress on
 * standard error (a redrawn progress bar and node tree on a terminal, one line per transition
 * otherwise) and prints the result on standard output; exits 0 on success, 1 on workflow failure, 2
 * on invalid input.
 *
 * <pre>{@code
 * $ dagflow run examples/sdlc_parallel.yaml --param requirement="a todo app" --json
 * }</pre>
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run one workflow in-process and print its result.",
      "Exit 0 on success, 1 when the workflow fails, 2 on invalid input."
    })
public final class RunCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final int INVALID = 2;

  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The workflow file (YAML or JSON).")
  private Path file;

  @Option(
      names = "--param",
      paramLabel = "KEY=VALUE",
      description = "A run parameter (repeatable).")
  private Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--json", description = "Print the run as JSON (docs/api.md).")
  private boolean json;

  @Option(
      names = "--database-url",
      paramLabel = "URL",
      description =
          "Keep state in this database (postgresql://… or a JDBC URL); default in-memory H2.")
  private String databaseUrl;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Where nodes get their work dirs.")
  private Path workDir;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String source;
    try {
      source = Files.readString(file);
    } catch (IOException | UncheckedIOException e) {
      err.println(file + ":1:1: cannot read: " + DefinitionParser.describe(e));
      err.flush();
      return INVALID;
    }
    Path work = workDir != null ? workDir : Files.createTempDirectory("dagflow-run-");
    JdbcStoreBuilder storeBuilder = JdbcStore.builder();
    try (JdbcStore store =
            databaseUrl == null
                ? storeBuilder.inMemory().build()
                : storeBuilder.url(databaseUrl).build();
        DurableEngine engine =
            DurableEngine.builder().store(store).allowShell(true).workDir(work).build()) {
      WorkflowDefinition def;
      RunRecord run;
      try {
        def = DefinitionParser.standard().parse(source, file.toString());
        List<Problem> problems = DefinitionParser.standard().validateParams(def, paramsJson(def));
        if (!problems.isEmpty()) {
          problems.forEach(err::println);
          err.flush();
          return INVALID;
        }
        Progress progress = new Progress(def, err, ProgressTree.stderrIsTerminal());
        engine.addListener(progress);
        engine.start();
        String id = engine.register(source, file.toString()).id();
        run = engine.submit(id, paramsJson(def), null);
        progress.follow(run.runId());
      } catch (InvalidDefinitionException e) {
        e.problems().forEach(err::println);
        err.flush();
        return INVALID;
      } catch (InvalidRequestException e) {
        e.problems().forEach(p -> err.println("params:1:1: " + p));
        err.flush();
        return INVALID;
      }
      RunRecord submitted = run;
      Thread cancelOnInterrupt =
          new Thread(
              () -> {
                try {
                  engine.cancel(submitted.runId());
                } catch (DagflowException ignored) {
                  // already finished
                }
              });
      Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
      while (!run.status().isTerminal()) {
        run = engine.awaitTerminal(run.runId(), Duration.ofMinutes(1));
      }
      Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
      engine.shutdown(Duration.ofSeconds(5)); // delivers the last progress events first
      RunRecord done = run;
      List<NodeRecord> nodes = store.read(tx -> tx.findNodes(done.runId()));
      Map<String, ItemCounts> items = store.read(tx -> tx.mapItems().counts(done.runId()));
      RunView view =
          RunView.of(done, nodes, def.nodes().stream().map(NodeDefinition::id).toList(), items);
      if (json) {
        out.println(
            JsonMapper.builder()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .build()
                .writeValueAsString(view));
      } else {
        printSummary(out, view, work);
      }
      out.flush();
      return done.status() == RunStatus.SUCCESS ? 0 : FAILED;
    }
  }

  /** Params from {@code --param}: declared strings stay text; anything else is parsed as JSON. */
  private ObjectNode paramsJson(WorkflowDefinition def) {
    ObjectNode node = JsonMapper.shared().createObjectNode();
    params.forEach(
        (k, v) -> {
          ParamSpec specOf = def.params().get(k);
          if (specOf != null && "string".equals(specOf.type())) {
            node.put(k, v);
            return;
          }
          try {
            node.set(k, JsonMapper.shared().readTree(v));
          } catch (RuntimeException notJson) {
            node.put(k, v);
          }
        });
    return node;
  }

  private static void printSummary(PrintWriter out, RunView view, Path work) {
    out.printf(
        "run %s %s in %.2fs%n",
        view.runId(), view.status(), view.durationSeconds() == null ? 0.0 : view.durationSeconds());
    for (RunView.NodeView n : view.nodes()) {
      out.printf(
          "  %-24s %-9s attempts=%d%s%s%n",
          n.id(),
          n.status(),
          n.attempts(),
          n.qualityScore() == null ? "" : " quality=" + n.qualityScore(),
          n.error() == null ? "" : "  error: " + n.error());
      for (RunView.ArtifactView a : n.artifacts()) {
        out.printf("  %-24s   artifact %s %s (%d bytes)%n", "", a.type(), a.name(), a.sizeBytes());
      }
    }
    if (view.error() != null) {
      out.println("error: " + view.error());
    }
    out.println("work dir: " + work);
  }

  /** Feeds the engine's events to the live {@link ProgressTree}. */
  static final class Progress implements EventListener {
    private final ProgressTree tree;
    private volatile UUID top;

    Progress(WorkflowDefinition def, PrintWriter err, boolean terminal) {
      Map<String, List<String>> nodes = new LinkedHashMap<>();
      def.nodes().forEach(n -> nodes.put(n.id(), n.dependsOn()));
      this.tree = new ProgressTree(def.id(), nodes, err, terminal);
    }

    /** The run this progress is about (the events of its child runs show on their nodes). */
    void follow(UUID runId) {
      this.top = runId;
    }

    @Override
    public void onEvent(EventRecord event, RunRecord run, NodeRecord node) {
      JsonNode data = event.data();
      String key = run == null ? null : run.idempotencyKey();
      if (key != null && key.startsWith("parent:")) {
        // parent:<run id>:<node id>:<attempt>: a child run; only the followed run's own show
        String[] parts = key.split(":");
        if (parts.length == 4 && parts[1].equals(String.valueOf(top)) && event.nodeId() == null) {
          tree.child(parts[2], run.runId().toString(), run.status().label(), null);
        }
        return;
      }
      tree.transition(
          new ProgressTree.Transition(
              event.type().wireName(),
              event.nodeId(),
              node == null ? null : node.statusLabel(),
              run == null ? null : run.status().label(),
              event.at(),
              data != null && data.has("duration_seconds")
                  ? data.get("duration_seconds").asDouble()
                  : null,
              data != null && data.has("error") ? data.get("error").asString() : null,
              data != null && data.has("reason") ? data.get("reason").asString() : null,
              data != null && data.has("items") ? data.get("items").asInt() : null));
    }
  }
}
