package dev.dagflow.engine.node.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.dagflow.engine.node.NodeResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellExecutorTest {
  @TempDir Path work;
  final ShellExecutor shell = new ShellExecutor();

  @Test
  void aStringCommandRunsUnderShAndReportsExitCodeAndStdout() throws Exception {
    NodeResult r =
        shell.execute(Contexts.of("shell", Map.of("command", "echo hi; echo there"), 1, work));
    assertThat(r)
        .isInstanceOfSatisfying(
            NodeResult.Success.class,
            s -> {
              assertThat(s.output().get("exit_code").asInt()).isZero();
              assertThat(s.output().get("stdout").asString()).isEqualTo("hi\nthere\n");
            });
  }

  @Test
  void listElementsReachTheCommandAsSingleArguments() throws Exception {
    NodeResult r =
        shell.execute(
            Contexts.of(
                "shell",
                Map.of("command", List.of("printf", "%s|", "a b; rm -rf x", "$HOME")),
                1,
                work));
    assertThat(((NodeResult.Success) r).output().get("stdout").asString())
        .isEqualTo("a b; rm -rf x|$HOME|");
  }

  @Test
  void envValuesAreVisibleToTheCommand() throws Exception {
    NodeResult r =
        shell.execute(
            Contexts.of(
                "shell",
                Map.of(
                    "command",
                    "printf %s \"$GREETING\"",
                    "env",
                    Map.of("GREETING", "it's \"quoted\"")),
                1,
                work));
    assertThat(((NodeResult.Success) r).output().get("stdout").asString())
        .isEqualTo("it's \"quoted\"");
  }

  @Test
  void aNonZeroExitFailsWithTheCodeAndStderr() throws Exception {
    NodeResult r =
        shell.execute(Contexts.of("shell", Map.of("command", "echo broken >&2; exit 3"), 1, work));
    assertThat(r).isEqualTo(new NodeResult.Failure("command exited with code 3: broken"));
  }

  @Test
  void theOutputFileCarriesOutputScoreAndArtifacts() throws Exception {
    String cmd =
        "echo x > a.txt; printf '{\"output\":{\"k\":1},\"quality_score\":0.75,\"artifacts\":[{\"type\":\"doc\",\"path\":\"a.txt\"}]}' > \"$DAGFLOW_OUTPUT\"";
    NodeResult.Success s =
        (NodeResult.Success) shell.execute(Contexts.of("shell", Map.of("command", cmd), 1, work));
    assertThat(s.output().get("k").asInt()).isEqualTo(1);
    assertThat(s.qualityScore()).isEqualTo(0.75);
    assertThat(s.artifacts().getFirst().type()).isEqualTo("doc");
    assertThat(Path.of(s.artifacts().getFirst().path())).isEqualTo(work.resolve("a.txt"));
  }

  @Test
  void interruptionKillsTheWholeProcessTree() throws Exception {
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    shell.execute(
                        Contexts.of(
                            "shell",
                            Map.of(
                                "command",
                                "sleep 30 & echo $! > bg.pid; echo $$ > sh.pid; sleep 30"),
                            1,
                            work));
                  } catch (Throwable e) {
                    thrown.set(e);
                  }
                });
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> Files.exists(work.resolve("sh.pid")) && Files.size(work.resolve("sh.pid")) > 0);
    long bg = Long.parseLong(Files.readString(work.resolve("bg.pid")).trim());
    long sh = Long.parseLong(Files.readString(work.resolve("sh.pid")).trim());
    t.interrupt();
    t.join(Duration.ofSeconds(10));
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    await().atMost(Duration.ofSeconds(5)).until(() -> !alive(bg) && !alive(sh));
  }

  @Test
  void aMissingCommandIsAnError() {
    assertThatThrownBy(() -> shell.execute(Contexts.of("shell", Map.of(), 1, work)))
        .hasMessageContaining("config.command is required");
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
