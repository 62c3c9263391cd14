package dev.dagflow.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

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
    List<String> options = args.subList(1, args.size());
    assertThatCode(
            () -> new CommandLine(new ServerCommand()).parseArgs(options.toArray(String[]::new)))
        .as(String.join(" ", args))
        .doesNotThrowAnyException();
  }

  private static List<String> strings(Object node) {
    return DeployFiles.list(node, "command").stream().map(String::valueOf).toList();
  }
}
