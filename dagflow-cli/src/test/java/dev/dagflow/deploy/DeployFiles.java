package dev.dagflow.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds and reads the shipped deployment files ({@code deploy/**}, {@code docker-compose.yml},
 * {@code Dockerfile}, {@code docs/*}) from the repository root.
 *
 * <pre>{@code
 * Map<String, Object> alerts = DeployFiles.yamlMap("deploy/prometheus/alerts.yml");
 * }</pre>
 */
final class DeployFiles {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private DeployFiles() {}

  /**
   * The repository root: {@code DAGFLOW_TEST_ROOT} (set by surefire), else the nearest parent with
   * a Makefile.
   */
  static Path root() {
    String fromEnv = System.getenv("DAGFLOW_TEST_ROOT");
    if (fromEnv != null && Files.isRegularFile(Path.of(fromEnv, "Makefile"))) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("Makefile"))
          && Files.isDirectory(dir.resolve("deploy"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no repository root (a directory with Makefile and deploy/) above "
            + Path.of("").toAbsolutePath());
  }

  static Path path(String relative) {
    return root().resolve(relative);
  }

  static String read(String relative) {
    try {
      return Files.readString(path(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Object yaml(String relative) {
    return new Load(LoadSettings.builder().setLabel(relative).build())
        .loadFromString(read(relative));
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> yamlMap(String relative) {
    return (Map<String, Object>) yaml(relative);
  }

  /** YAML text (e.g. an HTTP response body) read as a mapping. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> yamlMapOf(String text) {
    return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
  }

  static JsonNode json(Path file) {
    try {
      return JSON.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped Grafana dashboards, sorted by file name. */
  static List<Path> dashboards() {
    try (Stream<Path> files = Files.list(path("deploy/grafana/dashboards"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Casts a YAML node to a map, failing with the path when it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> map(Object node, String where) {
    if (!(node instanceof Map<?, ?>)) {
      throw new AssertionError(where + " is not a mapping: " + node);
    }
    return (Map<String, Object>) node;
  }

  /** Casts a YAML node to a list, failing with the path when it is not one. */
  @SuppressWarnings("unchecked")
  static List<Object> list(Object node, String where) {
    if (!(node instanceof List<?>)) {
      throw new AssertionError(where + " is not a sequence: " + node);
    }
    return (List<Object>) node;
  }
}
