package dev.dagflow.engine.node.builtin;

import dev.dagflow.engine.node.NodeContext;
import dev.dagflow.engine.node.NodeExecutor;
import dev.dagflow.engine.node.NodeResult;
import dev.dagflow.engine.node.internal.ConfigValues;
import dev.dagflow.engine.node.internal.OutputProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code shell}: runs {@code command} (a string runs under {@code sh -c}; a list is the argv) in
 * the node's work dir (or {@code workdir}) with {@code env} added. The command may write its result
 * to the file named by {@code $DAGFLOW_OUTPUT}: {@code {"output":{…},"quality_score":0.9,
 * "artifacts":[{"type":"source_code","path":"app.jar"}]}}; otherwise the output is {@code
 * {exit_code, stdout}} (stdout truncated). A non-zero exit fails the attempt. On interruption
 * (timeout, cancel) the whole process tree is killed.
 *
 * <pre>{@code
 * config:
 *   command: 'echo "{\"output\":{\"greeting\":\"hi $NAME\"}}" > "$DAGFLOW_OUTPUT"'
 *   env: {NAME: "${params.name}"}
 * }</pre>
 */
public final class ShellExecutor implements NodeExecutor {
  static final int STDOUT_LIMIT = 64 * 1024;

  @Override
  public String type() {
    return "shell";
  }

  @Override
  public NodeResult execute(NodeContext ctx) throws IOException, InterruptedException {
    Path workDir = ctx.workDir();
    Object workdirConfig = ctx.config().get("workdir");
    Path cwd = workdirConfig == null ? workDir : workDir.resolve(String.valueOf(workdirConfig));
    Files.createDirectories(cwd);
    Path outputFile = workDir.resolve(".dagflow-output-" + ctx.attempt() + ".json");
    Path stdout = workDir.resolve(".dagflow-stdout-" + ctx.attempt() + ".log");
    Path stderr = workDir.resolve(".dagflow-stderr-" + ctx.attempt() + ".log");
    Files.deleteIfExists(outputFile);

    ProcessBuilder pb = new ProcessBuilder(argv(ctx.config().get("command")));
    pb.directory(cwd.toFile());
    pb.redirectOutput(stdout.toFile());
    pb.redirectError(stderr.toFile());
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> env = pb.environment();
    ConfigValues.map(ctx.config(), "env").forEach((k, v) -> env.put(k, String.valueOf(v)));
    env.put("DAGFLOW_OUTPUT", outputFile.toString());
    env.put("DAGFLOW_WORK_DIR", workDir.toString());
    env.put("DAGFLOW_RUN_ID", ctx.runId().toString());
    env.put("DAGFLOW_NODE_ID", ctx.nodeId());
    env.put("DAGFLOW_ATTEMPT", Integer.toString(ctx.attempt()));

    Process process = pb.start();
    int exit;
    try {
      exit = process.waitFor();
    } catch (InterruptedException e) {
      killTree(process);
      Thread.currentThread().interrupt();
      throw e;
    } finally {
      if (Thread.currentThread().isInterrupted()) {
        killTree(process);
      }
    }
    if (exit != 0) {
      String err = head(stderr, 2_000).strip();
      return NodeResult.failure(
          "command exited with code " + exit + (err.isEmpty() ? "" : ": " + err));
    }
    if (Files.exists(outputFile) && Files.size(outputFile) > 0) {
      try {
        return OutputProtocol.read(JsonMapper.shared().readTree(outputFile.toFile()), cwd);
      } catch (RuntimeException e) {
        return NodeResult.failure("invalid $DAGFLOW_OUTPUT document: " + e.getMessage());
      }
    }
    ObjectNode output = JsonMapper.shared().createObjectNode();
    output.put("exit_code", exit);
    output.put("stdout", head(stdout, STDOUT_LIMIT));
    return NodeResult.success(output);
  }

  /** Kills descendants first (they would be re-parented once their parent dies), then the root. */
  static void killTree(Process process) {
    List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
    tree.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    tree.add(process.toHandle());
    // SIGKILL is asynchronous: wait briefly until the tree is really gone. The caller's thread is
    // usually interrupted (that is why we kill), so clear the flag for the wait and restore it.
    boolean interrupted = Thread.interrupted();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
    try {
      for (ProcessHandle p : tree) {
        long left = deadline - System.nanoTime();
        if (left > 0) {
          p.onExit().get(left, TimeUnit.NANOSECONDS);
        }
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } catch (ExecutionException | TimeoutException e) {
      // gone or stuck in the kernel: nothing more to do from here
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static List<String> argv(Object command) {
    if (command instanceof List<?> list) {
      if (list.isEmpty()) {
        throw new IllegalArgumentException("config.command must not be empty");
      }
      List<String> argv = new ArrayList<>();
      list.forEach(a -> argv.add(String.valueOf(a)));
      return argv;
    }
    if (command == null || String.valueOf(command).isBlank()) {
      throw new IllegalArgumentException("config.command is required");
    }
    return List.of("sh", "-c", String.valueOf(command));
  }

  private static String head(Path file, int limit) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(limit);
      String text = new String(bytes, StandardCharsets.UTF_8);
      return in.read() >= 0 ? text + "…[truncated]" : text;
    }
  }
}
