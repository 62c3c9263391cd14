package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class RunCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  static Stream<Path> examples() throws IOException {
    Path root = Path.of(System.getenv().getOrDefault("DAGFLOW_TEST_ROOT", "..")).normalize();
    try (Stream<Path> files = Files.list(root.resolve("examples"))) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(yaml).isNotEmpty();
      return yaml.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyShippedExampleRunsGreen(Path example) {
    int code = run("run", example.toString(), "--json");

    assertThat(code).as(err.toString()).isZero();
    JsonNode run = JsonMapper.shared().readTree(out.toString());
    assertThat(run.path("status").asString()).isEqualTo("success");
    assertThat(run.path("nodes")).isNotEmpty();
  }

  @Test
  void aFailingWorkflowExitsOneAndShowsTheNodeError() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("fails.yaml"),
            "id: fails\nnodes:\n  - {id: boom, type: mock, config: {fail: \"disk full\"}}\n");

    assertThat(run("run", file.toString(), "--json")).isEqualTo(1);
    JsonNode run = JsonMapper.shared().readTree(out.toString());
    assertThat(run.path("status").asString()).isEqualTo("failure");
    assertThat(run.path("nodes").get(0).path("error").asString()).contains("disk full");
  }

  @Test
  void anInvalidDefinitionExitsTwoWithFileLineAndColumn() throws IOException {
    Path file = Files.writeString(dir.resolve("bad.yaml"), "id: bad\nnodes:\n  - {id: x}\n");

    assertThat(run("run", file.toString())).isEqualTo(2);
    assertThat(err.toString() + out).contains(file + ":3:");
  }

  @Test
  void aMissingRequiredParamExitsTwo() throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("needs.yaml"),
            "id: needs\nparams:\n  who: {type: string, required: true}\n"
                + "nodes:\n  - {id: x, type: noop}\n");

    assertThat(run("run", file.toString())).isEqualTo(2);
    assertThat(err.toString() + out).contains("who");
  }

  private int run(String... args) {
    CommandLine cli = Main.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }
}
