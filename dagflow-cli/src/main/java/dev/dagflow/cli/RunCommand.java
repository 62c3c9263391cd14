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
import dev.dagflow.engine.model.NodeRecord;
import dev.dagflow.engine.model.RunRecord;
import dev.dagflow.engine.model.RunStatus;
import dev.dagflow.engine.runtime.DurableEngine;
import dev.dagflow.engine.runtime.RunView;
import dev.dagflow.store.JdbcStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

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
    JdbcStore.Builder storeBuilder = JdbcStore.builder();
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
        Progress progress = new Progress(def, err, isTerminal());
        engine.addListener(progress);
        engine.start();
        String id = engine.register(source, file.toString()).id();
        run = engine.submit(id, paramsJson(def), null);
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
      RunView view = RunView.of(done, nodes, def.nodes().stream().map(NodeDefinition::id).toList());
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

  private static boolean isTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // Java 22+: a Console exists even when redirected; ask whether it is a terminal
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }

  /** Live progress: a redrawn bar and node tree on a terminal, else one line per transition. */
  static final class Progress implements EventListener {
    private final WorkflowDefinition def;
    private final PrintWriter err;
    private final boolean terminal;
    private final Map<String, String> states = new LinkedHashMap<>();
    private final Map<String, Integer> depth = new HashMap<>();
    private int drawnLines;

    Progress(WorkflowDefinition def, PrintWriter err, boolean terminal) {
      this.def = def;
      this.err = err;
      this.terminal = terminal;
      for (NodeDefinition n : def.nodes()) {
        states.put(n.id(), "pending");
        depth.put(
            n.id(),
            n.dependsOn().stream().mapToInt(d -> depth.getOrDefault(d, 0) + 1).max().orElse(0));
      }
    }

    @Override
    public synchronized void onEvent(EventRecord event, RunRecord run, NodeRecord node) {
      if (node != null) {
        states.put(node.nodeId(), node.statusLabel());
      }
      if (terminal) {
        redraw(run);
      } else {
        String at = LocalTime.ofInstant(event.at(), ZoneId.systemDefault()).format(CLOCK);
        err.println(
            at
                + " "
                + event.type().wireName()
                + (event.nodeId() == null ? "" : " " + event.nodeId())
                + detail(event.data()));
        err.flush();
      }
    }

    private static String detail(JsonNode data) {
      if (data == null) {
        return "";
      }
      StringBuilder s = new StringBuilder();
      if (data.has("duration_seconds")) {
        s.append(" (")
            .append(String.format("%.2fs", data.get("duration_seconds").asDouble()))
            .append(')');
      }
      if (data.has("error")) {
        s.append(" error: ").append(data.get("error").asString());
      }
      if (data.has("reason")) {
        s.append(" (").append(data.get("reason").asString()).append(')');
      }
      return s.toString();
    }

    private void redraw(RunRecord run) {
      long done =
          states.values().stream()
              .filter(s -> List.of("success", "failure", "skipped", "cancelled").contains(s))
              .count();
      int total = states.size();
      int width = 30;
      int filled = total == 0 ? width : (int) (done * width / total);
      StringBuilder screen = new StringBuilder();
      if (drawnLines > 0) {
        screen.append("\033[").append(drawnLines).append("A\033[J");
      }
      screen.append(
          String.format(
              "%s [%s%s] %d/%d nodes  %s%n",
              def.id(),
              "#".repeat(filled),
              ".".repeat(width - filled),
              done,
              total,
              run == null ? "" : run.status().label()));
      states.forEach(
          (id, state) ->
              screen
                  .append("  ".repeat(depth.get(id) + 1))
                  .append(symbol(state))
                  .append(' ')
                  .append(id)
                  .append("  ")
                  .append(state)
                  .append('\n'));
      drawnLines = total + 1;
      err.print(screen);
      err.flush();
    }

    private static String symbol(String state) {
      return switch (state) {
        case "success" -> "\033[32m✓\033[0m";
        case "failure" -> "\033[31m✗\033[0m";
        case "running" -> "\033[33m▶\033[0m";
        case "retrying" -> "\033[33m↻\033[0m";
        case "waiting" -> "\033[36m⏸\033[0m";
        case "skipped", "cancelled" -> "\033[90m–\033[0m";
        default -> "·";
      };
    }
  }
}
