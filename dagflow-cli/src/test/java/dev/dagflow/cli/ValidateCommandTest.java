package dev.dagflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ValidateCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();

  @Test
  void printsOkAndExitsZeroWhenEveryFileIsValid() throws Exception {
    Path yaml = write("a.yaml", "id: a\nnodes:\n  - {id: x, type: noop}\n");
    Path json =
        write("b.json", "{\"id\": \"b\", \"nodes\": [{\"id\": \"x\", \"type\": \"noop\"}]}");

    assertThat(run(yaml.toString(), json.toString())).isZero();
    assertThat(lines()).containsExactly(yaml + ": ok", json + ": ok");
  }

  @Test
  void printsOneLinePerProblemAndExitsTwo() throws Exception {
    Path good = write("good.yaml", "id: a\nnodes:\n  - {id: x, type: noop}\n");
    Path bad = write("bad.yaml", "id: a\nnodes:\n  - {id: x, type: nope, depends_on: [y]}\n");

    assertThat(run(good.toString(), bad.toString())).isEqualTo(2);
    assertThat(lines())
        .containsExactly(
            good + ": ok",
            bad
                + ":3:19: unknown node type 'nope' (known: approval, http, mock, noop, phase, shell, workflow)",
            bad + ":3:38: depends_on names unknown node 'y'");
  }

  @Test
  void reportsAnUnreadableFileAtLineOne() {
    Path missing = dir.resolve("missing.yaml");

    assertThat(run(missing.toString())).isEqualTo(2);
    assertThat(lines()).containsExactly(missing + ":1:1: cannot read: no such file");
  }

  @Test
  void reportsBadCronAndTimeZoneAtTheirPositions() throws Exception {
    Path file =
        write(
            "s.yaml",
            "id: a\nschedules:\n  - {id: s, cron: \"0 25 * * *\", timezone: Mars/Olympus}\n"
                + "nodes:\n  - {id: x, type: noop}\n");

    assertThat(run(file.toString())).isEqualTo(2);
    assertThat(lines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith(file + ":3:19: cron '0 25 * * *':"))
        .contains(
            file
                + ":3:43: unknown time zone 'Mars/Olympus': use an IANA name such as UTC,"
                + " Europe/Berlin or America/New_York");
  }

  @Test
  void reportsABadMapExpressionAndBoundsAtTheirPositions() throws Exception {
    Path file =
        write(
            "m.yaml",
            "id: a\nnodes:\n  - id: x\n    type: noop\n"
                + "    map: {over: \"[1, 2\", concurrency: 0}\n");

    assertThat(run(file.toString())).isEqualTo(2);
    assertThat(lines())
        .hasSize(2)
        .anySatisfy(l -> assertThat(l).startsWith(file + ":5:17: map.over: invalid expression"))
        .contains(file + ":5:39: map key 'concurrency' must be at least 1, not 0");
  }

  @Test
  void acceptsExtraNodeTypes() throws Exception {
    Path file = write("c.yaml", "id: a\nnodes:\n  - {id: x, type: llm}\n");

    assertThat(run("--node-type", "llm", file.toString())).isZero();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new ValidateCommand());
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  private java.util.List<String> lines() {
    return out.toString().lines().toList();
  }
}
