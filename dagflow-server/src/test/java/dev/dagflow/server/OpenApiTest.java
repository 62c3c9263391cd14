package dev.dagflow.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * openapi.yaml as a contract: it is valid OpenAPI 3.1 (swagger-parser, and Redocly CLI's lint with
 * the repository's redocly.yaml), names every operation, and documents exactly the routes the
 * server registers. That every response the API tests receive matches it is checked by {@link
 * ServerFixture#send}.
 */
class OpenApiTest {

  @Test
  void descriptionParsesAndValidatesAsOpenApi31() {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    SwaggerParseResult result =
        new OpenAPIParser().readContents(OpenApiDocument.bundled().yaml(), null, options);

    assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
    List<String> withoutId = new ArrayList<>();
    Set<String> ids = new LinkedHashSet<>();
    List<String> duplicates = new ArrayList<>();
    result
        .getOpenAPI()
        .getPaths()
        .forEach(
            (path, item) ->
                item.readOperationsMap()
                    .forEach(
                        (method, op) -> {
                          if (op.getOperationId() == null || op.getOperationId().isBlank()) {
                            withoutId.add(method + " " + path);
                          } else if (!ids.add(op.getOperationId())) {
                            duplicates.add(op.getOperationId());
                          }
                        }));
    assertThat(withoutId).as("operations without an operationId").isEmpty();
    assertThat(duplicates).as("operationIds used twice").isEmpty();
  }

  @Test
  void redoclyLintFindsNoProblem() throws Exception {
    Path root = Path.of(System.getenv().getOrDefault("DAGFLOW_TEST_ROOT", "..")).toAbsolutePath();
    Path redocly = requireRedocly();
    Path log = Files.createTempFile("redocly-lint", ".log");
    ProcessBuilder lint =
        new ProcessBuilder(redocly.toString(), "lint", "dagflow", "--format=stylish")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    // no telemetry, no update check: the test talks to nothing outside this machine
    lint.environment().put("REDOCLY_TELEMETRY", "off");
    lint.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    Process p = lint.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("redocly lint did not finish in 120 s");
    }
    String output = Files.readString(log);

    assertThat(p.exitValue()).as("redocly lint exit code; output:%n%s", output).isZero();
    assertThat(output).as(output).doesNotContain(" warning ").doesNotContain(" error ");
  }

  @Test
  void everyRegisteredRouteIsDocumentedAndEveryDocumentedRouteIsServed() {
    try (ServerFixture api = ServerFixture.h2()) {
      Set<String> documented = new LinkedHashSet<>(OpenApiDocument.bundled().operations());
      Set<String> served = new LinkedHashSet<>(api.server.routes());

      List<String> problems = new ArrayList<>();
      served.stream()
          .filter(r -> !documented.contains(r))
          .forEach(
              r ->
                  problems.add(
                      r
                          + " is served but missing from openapi.yaml: add "
                          + describe(r)
                          + " with an operationId and every response"));
      documented.stream()
          .filter(r -> !served.contains(r))
          .forEach(r -> problems.add(r + " is in openapi.yaml but the server does not serve it"));
      assertThat(problems).as("route coverage").isEmpty();
    }
  }

  @Test
  void descriptionIsServedAsYaml() {
    try (ServerFixture api = ServerFixture.h2()) {
      var r = api.get("/openapi.yaml");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElseThrow())
          .startsWith("application/yaml");
      assertThat(r.body()).isEqualTo(OpenApiDocument.bundled().yaml());
    }
  }

  @Test
  void theResponseCheckCatchesWhatTheDescriptionDoesNotAllow() {
    OpenApiDocument doc = OpenApiDocument.bundled();
    String problem = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404}";
    String run =
        "{\"run_id\":\"0b6f7e0e-6f1a-4d55-9d1e-0c9c1f3f7a11\",\"workflow_id\":\"w\","
            + "\"workflow_version\":1,\"status\":\"success\"}";

    assertThat(doc.check("GET", "/runs/x", 404, "application/problem+json", problem)).isEmpty();
    assertThat(doc.check("GET", "/runs/x", 200, "application/json", run)).isEmpty();
    assertThat(doc.check("GET", "/health", 404, "application/problem+json", problem))
        .singleElement()
        .asString()
        .contains("answered 404, which openapi.yaml does not list for GET /health");
    assertThat(doc.check("GET", "/runs/x", 404, "application/json", problem))
        .singleElement()
        .asString()
        .contains("Content-Type application/json is not one of [application/problem+json]");
    assertThat(doc.check("GET", "/runs/x", 200, "application/json", "{\"run_id\":7}"))
        .isNotEmpty()
        .anySatisfy(p -> assertThat(p).contains("workflow_id"));
    assertThat(doc.check("GET", "/no/such/route", 404, "text/plain", "x")).isEmpty();
  }

  @Test
  void everyWebSocketFrameIsAnEventAsDescribed() {
    try (ServerFixture api = ServerFixture.h2()) {
      api.register(ServerFixture.NOOP_FLOW);
      String runId =
          ServerFixture.json(api.post("/workflow/noop_flow/execute", "{}"))
              .path("run_id")
              .asString();
      WsClient client =
          WsClient.connect(
              api.http, api.base.replace("http://", "ws://") + "/ws/runs/" + runId, true);

      assertThat(client.closed.orTimeout(10, TimeUnit.SECONDS).join()).isEqualTo(1000);
      assertThat(client.events).isNotEmpty();
      for (var frame : client.events) {
        assertThat(OpenApiDocument.bundled().checkSchema("Event", frame))
            .as(frame.toString())
            .isEmpty();
      }
      assertThat(
              OpenApiDocument.bundled()
                  .checkSchema("Event", ServerFixture.JSON.readTree("{\"seq\":\"x\"}")))
          .isNotEmpty();
    }
  }

  private static String describe(String route) {
    String[] parts = route.split(" ", 2);
    String method = parts[0].equals("WS") ? "get" : parts[0].toLowerCase();
    return "paths: \"" + parts[1] + "\": " + method + ":";
  }

  /** Redocly CLI (npm {@code @redocly/cli}); skips when absent, fails on CI, which installs it. */
  private static Path requireRedocly() {
    Optional<Path> found =
        java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
            .map(dir -> Path.of(dir, "redocly"))
            .filter(Files::isExecutable)
            .findFirst();
    if (found.isEmpty()) {
      String message = "redocly is not installed (npm install -g @redocly/cli)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(message + "; CI=true requires it");
      }
      Assumptions.abort(message);
    }
    return found.get();
  }
}
