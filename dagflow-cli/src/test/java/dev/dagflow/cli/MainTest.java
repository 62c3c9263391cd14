package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MainTest {
  @Test
  void aServerRefusingAWorkflowFileSaysWhyInOneLineWithoutAStackTrace(@TempDir Path dir)
      throws Exception {
    Path workflows = Files.createDirectory(dir.resolve("workflows"));
    Files.writeString(
        workflows.resolve("build.yaml"),
        "id: build\nnodes:\n  - {id: compile, type: shell, config: {command: make}}\n");
    StringWriter err = new StringWriter();
    CommandLine cli = Main.commandLine().setErr(new PrintWriter(err, true));

    int exit =
        cli.execute(
            "server",
            "--host",
            "127.0.0.1",
            "--port",
            "0",
            "--data-dir",
            dir.resolve("data").toString(),
            "--workflows-dir",
            workflows.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString().lines())
        .containsExactly(
            "dagflow: "
                + workflows.resolve("build.yaml")
                + ": node compile uses type shell, which this engine refuses (allow it with"
                + " --allow-shell)");
  }
}
