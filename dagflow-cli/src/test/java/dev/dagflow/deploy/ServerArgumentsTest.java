package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dagflow.cli.Main;
import dev.dagflow.cli.ServerCommand;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.json.JsonMapper;

/**
 * The arguments the image, Compose and Kubernetes give {@code dagflow server} are ones it accepts.
 */
class ServerArgumentsTest {
  private static final Pattern CMD = Pattern.compile("(?m)^CMD (\\[.*])$");

  @Test
  void dockerfileCommandParses() {
    Matcher m = CMD.matcher(DeployFiles.read("Dockerfile"));
    assertThat(m.find()).isTrue();
    List<String> cmd = List.of(JsonMapper.builder().build().readValue(m.group(1), String[].class));

    assertServerAccepts(cmd);
  }

  @Test
  void composeCommandParses() {
    Map<String, Object> dagflow =
        DeployFiles.map(
            DeployFiles.map(DeployFiles.yamlMap("docker-compose.yml").get("services"), "services")
                .get("dagflow"),
            "dagflow");

    assertServerAccepts(strings(dagflow.get("command")));
  }

  @Test
  void kubernetesArgsParse() {
    Map<String, Object> spec =
        DeployFiles.map(
            DeployFiles.yamlMap("deploy/kubernetes/deployment.yaml").get("spec"), "spec");
    Map<String, Object> podSpec =
        DeployFiles.map(DeployFiles.map(spec.get("template"), "template").get("spec"), "pod");
    Map<String, Object> container =
        DeployFiles.map(DeployFiles.list(podSpec.get("containers"), "containers").get(0), "c");

    assertServerAccepts(strings(container.get("args")));
  }

  private static void assertServerAccepts(List<String> args) {
    assertThat(args).startsWith("server").contains("--data-dir", "--port", "--host");

    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));

    assertThat(parsed.subcommand()).as(String.join(" ", args)).isNotNull();
    assertThat(parsed.subcommand().commandSpec().userObject()).isInstanceOf(ServerCommand.class);
    assertThat(parsed.subcommand().unmatched()).as(String.join(" ", args)).isEmpty();
  }

  private static List<String> strings(Object node) {
    return DeployFiles.list(node, "command").stream().map(String::valueOf).toList();
  }
}
